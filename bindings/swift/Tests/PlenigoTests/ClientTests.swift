import Foundation
import Plenigo
import XCTest

/// The client object: config checks, input validation before any request, secrecy, threads.
final class ClientTests: XCTestCase {
    override func setUp() async throws {
        try await Sandbox.reset()
    }

    /// Runs `call`, expects it to reject `field` as invalid input before sending anything.
    private func assertRejected<T>(
        _ field: String,
        _ call: @autoclosure () throws -> T,
        line: UInt = #line
    ) {
        let error = assertPlenigoError(try call(), line: line)
        guard case .InvalidInput(let rejected, nil, 1, let detail, false, let message)? = error, let error else {
            return XCTFail("expected InvalidInput(\(field)), got \(String(describing: error))", line: line)
        }
        XCTAssertEqual(rejected, field, line: line)
        XCTAssertEqual(error.kind(), .invalidInput, line: line)
        XCTAssertNil(error.httpStatus(), line: line)
        XCTAssertEqual(error.plenigoCode(), 1, line: line)
        XCTAssertEqual(message, "invalid \(field): \(detail)", line: line)
        XCTAssertEqual("\(error)", message, line: line)
    }

    func testInvalidInputIsRejectedBeforeAnyRequest() async throws {
        let client = try Sandbox.client()
        let apps = client.apps()
        let users = client.users()
        assertRejected("customer_id", try apps.requestAppToken(customerId: "", productId: Seeds.product, description: "x"))
        assertRejected("product_id", try apps.hasUserBought(customerId: Seeds.customer, productId: " ", customerAppId: Seeds.customerApp))
        assertRejected("customer_app_id", try apps.deleteCustomerApp(customerId: Seeds.customer, customerAppId: ""))
        assertRejected("access_token", try apps.requestAppId(customerId: Seeds.customer, accessToken: ""))
        assertRejected("email", try users.registerUser(user: UserRegistration(email: "not-an-email")))
        assertRejected("language", try users.registerUser(user: UserRegistration(email: "a@example.com", language: "english")))
        assertRejected("email", try users.changeEmail(customerId: Seeds.customer, email: "a@b", useExternalCustomerId: false))
        assertRejected("access_ids", try users.importCustomerAccess(customerId: Seeds.customer, useExternalCustomerId: false, accessIds: []))
        assertRejected("access_ids", try users.importCustomerAccess(
            customerId: Seeds.customer, useExternalCustomerId: false, accessIds: ["1", "2", "3", "4", "5"]))
        assertRejected("product_ids", try users.hasBoughtProduct(customerId: Seeds.customer, productIds: [], useExternalCustomerId: false))
        assertRejected("external_user_id", try users.addExternalUserId(customerId: Seeds.customer, externalUserId: ""))
        assertRejected("gender", try users.changeAddress(
            customerId: Seeds.customer, address: Address(gender: "unknown"), useExternalCustomerId: false))
        assertRejected("country", try users.changeAddress(
            customerId: Seeds.customer, address: Address(gender: "MALE", street: "Hauptstr. 1"), useExternalCustomerId: false))
        let journal = try await Sandbox.journal()
        XCTAssertEqual(journal.count, 0, "no request may reach the server")
    }

    func testABadConfigIsRejectedWhenTheClientIsBuilt() async throws {
        assertRejected("company_id", try PlenigoClient(config: Sandbox.config(company: "")))
        assertRejected("secret", try PlenigoClient(config: Sandbox.config(secret: "")))
        assertRejected("base_url", try PlenigoClient(config: Config(
            companyId: Seeds.company, secret: Secret(value: Seeds.secret), baseUrl: "http://example.com")))
        assertRejected("request_timeout_ms", try PlenigoClient(config: Sandbox.config(requestTimeoutMs: 0)))
        assertRejected("max_retries", try PlenigoClient(config: Sandbox.config(maxRetries: -1)))
        let journal = try await Sandbox.journal()
        XCTAssertEqual(journal.count, 0)
    }

    func testTheClientReportsItsBaseUrlAndTakesDefaults() throws {
        let config = Config(companyId: Seeds.company, secret: Secret(value: Seeds.secret), baseUrl: Sandbox.url)
        XCTAssertFalse(config.testMode)
        XCTAssertEqual(config.requestTimeoutMs, 10_000)
        XCTAssertEqual(config.maxRetries, 2)
        let trimmed = { (url: String) in url.hasSuffix("/") ? String(url.dropLast()) : url }
        XCTAssertEqual(trimmed(try PlenigoClient(config: config).baseUrl()), trimmed(Sandbox.url))
    }

    func testTheSecretIsNeverPrinted() throws {
        let config = Sandbox.config()
        let client = try PlenigoClient(config: config)
        XCTAssertEqual(config.secret.description, "***")
        for text in ["\(config)", String(reflecting: config), "\(config.secret)", String(reflecting: config.secret),
                     "\(client)", String(reflecting: client)] {
            XCTAssertFalse(text.contains(Seeds.secret), text)
        }
        XCTAssertTrue(String(reflecting: client).contains(Seeds.company))
    }

    func testOneClientIsSharedBy8Threads() async throws {
        let client = try Sandbox.client()
        let perThread = 10
        let results = try await withThrowingTaskGroup(of: [Bool].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await runOnThread {
                        try (0..<perThread).map { i in
                            i % 2 == 0
                                ? try client.apps().hasUserBought(
                                    customerId: Seeds.customer, productId: Seeds.product, customerAppId: Seeds.customerApp)
                                : !(try client.users().createLoginToken(customerId: Seeds.customer, useExternalCustomerId: false)).isEmpty
                        }
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0 += $1 }
        }
        XCTAssertEqual(results, Array(repeating: true, count: 8 * perThread))
        let journal = try await Sandbox.journal()
        XCTAssertEqual(journal.count, 8 * perThread)
        XCTAssertTrue(journal.allSatisfy { $0["status"] as? Int == 200 })
        let ids = journal.compactMap { ($0["claims"] as? [String: Any])?["jti"] as? String }
        XCTAssertEqual(ids.count, 8 * perThread)
        XCTAssertEqual(Set(ids).count, ids.count, "every request carries a fresh jti")
    }
}

/// Runs blocking `work` on a thread of its own (not the cooperative pool) and returns its result.
private func runOnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
