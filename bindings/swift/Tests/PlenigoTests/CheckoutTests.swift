import Plenigo
import XCTest

/// The checkout snippet through Swift: the seeds' use case end to end, rules, hostile values.
final class CheckoutTests: XCTestCase {
    override func setUp() async throws {
        try await Sandbox.reset()
    }

    func testTheSeedsUseCaseRegisterLoginTokenSnippetVerifiedAndTheTokenRedeemedOnce() async throws {
        let client = try PlenigoClient(config: Sandbox.config(testMode: true))
        let customerId = try client.users().registerUser(user: UserRegistration(
            email: "checkout@example.com", firstName: "new", name: "customer"))
        let loginToken = try client.users().createLoginToken(customerId: customerId, useExternalCustomerId: false)

        let code = try client.checkoutSnippet(
            product: Product(productId: Seeds.unboughtProduct),
            options: CheckoutOptions(loginToken: loginToken))

        XCTAssertTrue(code.hasPrefix("plenigo.checkoutWithRemoteLogin("), code)
        let call = try runInNode(code)
        XCTAssertEqual(call["f"] as? String, "remote")
        let o = call["o"] as? [String: Any] ?? [:]
        XCTAssertEqual(o["loginToken"] as? String, loginToken)
        XCTAssertEqual(o["startWithRegistration"] as? Bool, false)
        let claims = try await Sandbox.verifyPaymentData(o["paymentData"] as? String ?? "")
        XCTAssertEqual(claims["pi"] as? String, Seeds.unboughtProduct)
        XCTAssertEqual(claims["ts"] as? Bool, true)
        XCTAssertEqual(claims["aud"] as? String, "plenigo")
        XCTAssertEqual(claims.count, 3, "\(claims)")
        let first = try await Sandbox.redeemLoginToken(loginToken)
        let second = try await Sandbox.redeemLoginToken(loginToken)
        XCTAssertEqual(first, 200)
        XCTAssertEqual(second, 409)
    }

    func testProductFieldsAndOptionsReachTheSnippet() async throws {
        let product = Product(
            productId: Seeds.unboughtProduct, title: "Weekend edition", price: 12.99, currency: "eur",
            productType: "BOOK", shippingCost: 3.5)
        let code = try Sandbox.client().checkoutSnippet(
            product: product,
            options: CheckoutOptions(startWithRegistration: true, sourceUrl: "https://shop.example/a?b=1&c=2"))

        let call = try runInNode(code)
        XCTAssertEqual(call["f"] as? String, "checkout")
        let o = call["o"] as? [String: Any] ?? [:]
        XCTAssertEqual(o["startWithRegistration"] as? Bool, true)
        XCTAssertEqual(o["sourceUrl"] as? String, "https://shop.example/a?b=1&c=2")
        XCTAssertNil(o["loginToken"])
        let claims = try await Sandbox.verifyPaymentData(o["paymentData"] as? String ?? "")
        XCTAssertEqual(claims["ti"] as? String, "Weekend edition")
        XCTAssertEqual(claims["pr"] as? Double, 12.99)
        XCTAssertEqual(claims["cu"] as? String, "EUR")
        XCTAssertEqual(claims["pt"] as? String, "BOOK")
        XCTAssertEqual(claims["sc"] as? Double, 3.5)
        XCTAssertNil(claims["ts"], "live mode marks no test")
    }

    func testARuleViolationIsInvalidInputNamingTheField() throws {
        let client = try Sandbox.client()
        let none = CheckoutOptions()
        let cases: [(String, () throws -> String)] = [
            ("product_id", { try client.checkoutSnippet(product: Product(productId: String(repeating: "x", count: 21)), options: none) }),
            ("shipping_cost", {
                try client.checkoutSnippet(
                    product: Product(productId: Seeds.unboughtProduct, productType: "EBOOK", shippingCost: 2), options: none)
            }),
            ("currency", { try client.checkoutSnippet(product: Product(productId: Seeds.unboughtProduct, currency: "EURO"), options: none) }),
            ("login_token", {
                try client.checkoutSnippet(product: Product(productId: Seeds.unboughtProduct), options: CheckoutOptions(loginToken: ""))
            }),
        ]
        for (field, call) in cases {
            let error = assertPlenigoError(try call())
            guard case .InvalidInput(let rejected?, _, _, _, _, _)? = error, let error else {
                XCTFail("\(field): expected InvalidInput, got \(String(describing: error))")
                continue
            }
            XCTAssertEqual(rejected, field)
            XCTAssertEqual(error.kind(), .invalidInput)
            XCTAssertTrue("\(error)".contains(field), "\(error)")
        }
    }

    func testQuotesAngleBracketsAmpersandsAndNewlinesStayInsideTheStrings() async throws {
        let hostile = "\"><script>alert('x')</script>&amp;\n\r\t\\' </button> é"
        let code = try Sandbox.client().checkoutSnippet(
            product: Product(productId: Seeds.unboughtProduct, title: hostile),
            options: CheckoutOptions(loginToken: "tok-1", affiliateId: "a\"<&>"))

        for raw in ["\"", "<", ">", "&", "\n"] {
            XCTAssertFalse(code.contains(raw), "raw \(raw) in \(code)")
        }
        let o = try runInNode(code)["o"] as? [String: Any] ?? [:]
        XCTAssertEqual(o["affiliateId"] as? String, "a\"<&>")
        let claims = try await Sandbox.verifyPaymentData(o["paymentData"] as? String ?? "")
        XCTAssertEqual(claims["ti"] as? String, hostile)
        let page = "<button onclick=\"\(code)\">Special offer for you</button>"
        XCTAssertEqual(page.filter { $0 == "\"" }.count, 2)
    }
}
