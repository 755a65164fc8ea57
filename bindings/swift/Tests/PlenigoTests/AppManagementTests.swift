import Plenigo
import XCTest

/// App Management through the generated Swift API, against the sandbox's seed data.
final class AppManagementTests: XCTestCase {
    override func setUp() async throws {
        try await Sandbox.reset()
    }

    func testRequestsAnAppTokenAndExchangesItForAReusableCustomerAppId() throws {
        let apps = try Sandbox.client().apps()
        let token = try apps.requestAppToken(customerId: Seeds.customer, productId: Seeds.product, description: "reader app")
        XCTAssertEqual(token.customerId, Seeds.customer)
        XCTAssertEqual(token.description, "reader app")
        XCTAssertFalse(token.token.isEmpty)

        let access = try apps.requestAppId(customerId: Seeds.customer, accessToken: token.token)
        XCTAssertEqual(access, AppAccessData(customerId: Seeds.customer, customerAppId: access.customerAppId,
                                             productId: Seeds.product, description: "reader app"))
        XCTAssertTrue(try apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: access.customerAppId))
        XCTAssertTrue(try apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: access.customerAppId))

        let reused = assertPlenigoError(try apps.requestAppId(customerId: Seeds.customer, accessToken: token.token))
        guard case .TokenProblem(nil, 403?, 13, _, false, _)? = reused else { return XCTFail("\(String(describing: reused))") }
    }

    func testExchangesTheSeedsUnusedAppToken() throws {
        let access = try Sandbox.client().apps().requestAppId(customerId: Seeds.customer, accessToken: Seeds.appToken)
        XCTAssertEqual(access.productId, Seeds.product)
        XCTAssertEqual(access.description, "test")
    }

    func testHasUserBoughtAnswersTrueAndFalse() async throws {
        let apps = try Sandbox.client().apps()
        XCTAssertTrue(try apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: Seeds.customerApp))
        XCTAssertFalse(try apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.unboughtProduct, customerAppId: Seeds.customerApp))
        let statuses = try await Sandbox.journal().map { $0["status"] as? Int }
        XCTAssertEqual(statuses, [200, 403])
    }

    func testListsAndDeletesCustomerApps() throws {
        let apps = try Sandbox.client().apps()
        XCTAssertEqual(try apps.getCustomerApps(customerId: Seeds.customer),
                       [AppAccessData(customerId: Seeds.customer, customerAppId: Seeds.customerApp, productId: Seeds.product, description: "test")])

        try apps.deleteCustomerApp(customerId: Seeds.customer, customerAppId: Seeds.customerApp)
        XCTAssertEqual(try apps.getCustomerApps(customerId: Seeds.customer), [])

        let again = assertPlenigoError(try apps.deleteCustomerApp(customerId: Seeds.customer, customerAppId: Seeds.customerApp))
        guard case .NotFound(nil, 404?, 19, _, _, _)? = again else { return XCTFail("\(String(describing: again))") }
    }

    func testAnAppTokenForAProductNotBoughtFailsItsPrecondition() throws {
        let apps = try Sandbox.client().apps()
        let error = assertPlenigoError(try apps.requestAppToken(customerId: Seeds.customer, productId: Seeds.unboughtProduct, description: "x"))
        XCTAssertEqual(error?.kind(), .preconditionFailed)
        XCTAssertEqual(error?.httpStatus(), 412)
        XCTAssertEqual(error?.plenigoCode(), 11)
    }
}
