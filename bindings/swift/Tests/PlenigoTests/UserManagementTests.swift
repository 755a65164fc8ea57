import Plenigo
import XCTest

/// External User Management through the generated Swift API; effects checked in the sandbox.
final class UserManagementTests: XCTestCase {
    override func setUp() async throws {
        try await Sandbox.reset()
    }

    func testRegistersAUserWithEveryFieldAndReturnsTheExistingIdForAKnownEmail() async throws {
        let users = try Sandbox.client().users()
        let id = try users.registerUser(user: UserRegistration(
            email: "reader@example.com", language: "de", externalUserId: "ext-4711", firstName: "Ada", name: "Lovelace"))
        let customer = try await Sandbox.customer(id)
        XCTAssertEqual(customer["email"] as? String, "reader@example.com")
        XCTAssertEqual(customer["language"] as? String, "de")
        XCTAssertEqual(customer["externalUserId"] as? String, "ext-4711")
        XCTAssertEqual(customer["firstName"] as? String, "Ada")
        XCTAssertEqual(customer["name"] as? String, "Lovelace")

        XCTAssertEqual(try users.registerUser(user: UserRegistration(email: "reader@example.com")), id)
    }

    func testRegisteringAKnownEmailWithFailByExistingEmailIsAConflict() throws {
        let users = try Sandbox.client().users()
        _ = try users.registerUser(user: UserRegistration(email: "taken@example.com"))
        let error = assertPlenigoError(try users.registerUser(user: UserRegistration(email: "taken@example.com", failByExistingEmail: true)))
        guard case .Conflict(nil, 409?, _, _, _, _)? = error else { return XCTFail("\(String(describing: error))") }
    }

    func testCreatesALoginTokenByPlenigoAndByExternalId() async throws {
        let users = try Sandbox.client().users()
        let token = try users.createLoginToken(customerId: Seeds.customer, useExternalCustomerId: false)
        let view = try await Sandbox.loginToken(token)
        XCTAssertEqual(view["customerId"] as? String, Seeds.customer)
        XCTAssertEqual(view["redeemed"] as? Bool, false)

        let id = try users.registerUser(user: UserRegistration(email: "ext@example.com", externalUserId: "ext-1"))
        let byExternal = try users.createLoginToken(customerId: "ext-1", useExternalCustomerId: true)
        let externalView = try await Sandbox.loginToken(byExternal)
        XCTAssertEqual(externalView["customerId"] as? String, id)
    }

    func testALoginTokenForAnUnknownCustomerIsNotFound() throws {
        let error = assertPlenigoError(try Sandbox.client().users().createLoginToken(customerId: "nobody", useExternalCustomerId: false))
        guard case .NotFound(nil, 404?, 18, _, _, _)? = error else { return XCTFail("\(String(describing: error))") }
    }

    func testChangesTheEmailAddress() async throws {
        try Sandbox.client().users().changeEmail(customerId: Seeds.otherCustomer, email: "testChangeEMail@mail.com", useExternalCustomerId: false)
        let customer = try await Sandbox.customer(Seeds.otherCustomer)
        XCTAssertEqual(customer["email"] as? String, "testChangeEMail@mail.com")
    }

    func testChangesTheAddressWithTheGenderUpperCased() async throws {
        try Sandbox.client().users().changeAddress(
            customerId: Seeds.customer,
            address: Address(
                gender: "female", firstName: "Ada", name: "Lovelace", street: "Hauptstr. 1",
                additionalAddressInfo: "2. OG", postCode: "10115", city: "Berlin", country: "DE"),
            useExternalCustomerId: false)
        let address = try await Sandbox.customer(Seeds.customer)["address"] as? [String: Any]
        XCTAssertEqual(address?.compactMapValues { $0 as? String }, [
            "gender": "FEMALE", "firstName": "Ada", "name": "Lovelace", "street": "Hauptstr. 1",
            "additionalAddressInfo": "2. OG", "postCode": "10115", "city": "Berlin", "country": "DE",
        ])
    }

    func testChangingTheAddressOfAnUnknownCustomerIsNotFound() throws {
        let error = assertPlenigoError(try Sandbox.client().users().changeAddress(
            customerId: "nobody", address: Address(gender: "MALE"), useExternalCustomerId: false))
        guard case .NotFound(nil, 404?, _, _, _, _)? = error else { return XCTFail("\(String(describing: error))") }
    }

    func testImportsAccessIdsThatThenGrantTheCustomersProducts() async throws {
        let users = try Sandbox.client().users()
        try users.importCustomerAccess(customerId: Seeds.customer, useExternalCustomerId: false, accessIds: ["crm-1", "billing-2"])
        let customer = try await Sandbox.customer(Seeds.customer)
        XCTAssertEqual(customer["accessIds"] as? [String], ["crm-1", "billing-2"])
        XCTAssertTrue(try users.hasBoughtProduct(customerId: "billing-2", productIds: [Seeds.product], useExternalCustomerId: false))
    }

    func testAddsAnExternalUserIdOnce() async throws {
        let users = try Sandbox.client().users()
        try users.addExternalUserId(customerId: Seeds.customer, externalUserId: "12345")
        let customer = try await Sandbox.customer(Seeds.customer)
        XCTAssertEqual(customer["externalUserId"] as? String, "12345")
        let error = assertPlenigoError(try users.addExternalUserId(customerId: Seeds.customer, externalUserId: "67890"))
        XCTAssertEqual(error?.kind(), .conflict)
    }

    func testHasBoughtProductAnswersTrueAndFalse() throws {
        let users = try Sandbox.client().users()
        XCTAssertTrue(try users.hasBoughtProduct(customerId: Seeds.customer, productIds: [Seeds.product], useExternalCustomerId: false))
        XCTAssertFalse(try users.hasBoughtProduct(customerId: Seeds.customer, productIds: [Seeds.unboughtProduct], useExternalCustomerId: false))
    }

    func testACompanyOutsideTheClosedUserGroupIsDenied() async throws {
        try await Sandbox.company(#"{"companyId":"OpenCompany","secrets":["open-secret"],"closedUserGroup":false,"maxParallelAppAccesses":1,"products":[]}"#)
        let open = try Sandbox.client(secret: "open-secret", company: "OpenCompany").users()
        let error = assertPlenigoError(try open.registerUser(user: UserRegistration(email: "someone@example.com")))
        guard case .AccessDenied(nil, 403?, 17, _, _, _)? = error else { return XCTFail("\(String(describing: error))") }
    }
}
