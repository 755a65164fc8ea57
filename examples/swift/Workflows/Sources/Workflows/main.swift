// The seeds' two workflows with the plenigo Swift package, printing each step.
//
// Against a sandbox: PLENIGO_BASE_URL=http://127.0.0.1:PORT (the seeds' companies are built in).
// Against plenigo: PLENIGO_COMPANY_ID, PLENIGO_SECRET (and optionally PLENIGO_BASE_URL).
import Foundation
import Plenigo

let environment = ProcessInfo.processInfo.environment

/// A client from the environment's credentials, else the seeds' company and `seedSecret`.
func client(seedSecret: String) throws -> PlenigoClient {
    try PlenigoClient(config: Config(
        companyId: environment["PLENIGO_COMPANY_ID"] ?? "23NuCmdPoiRRkQiCqP9Q",
        secret: Secret(value: environment["PLENIGO_SECRET"] ?? seedSecret)
    ))
}

/// App Management: token, customer app ID, access check, listing, removal.
func appManagement(_ client: PlenigoClient) throws {
    let apps = client.apps()
    let customerId = "56202510"
    let productId = "RgKUHT78563989856641"

    let token = try apps.requestAppToken(customerId: customerId, productId: productId, description: "test")
    print("1. app token: \(token)")
    let access = try apps.requestAppId(customerId: customerId, accessToken: token.token)
    print("2. customer app: \(access)")
    let bought = try apps.hasUserBought(customerId: customerId, productId: productId, customerAppId: access.customerAppId)
    print("3. has user bought \(productId): \(bought)")
    print("4. customer apps: \(try apps.getCustomerApps(customerId: customerId).map(\.customerAppId))")
    try apps.deleteCustomerApp(customerId: customerId, customerAppId: access.customerAppId)
    print("5. deleted \(access.customerAppId); left: \(try apps.getCustomerApps(customerId: customerId).map(\.customerAppId))")
}

/// External User Management: register, login token, e-mail change, access IDs, external ID,
/// postal address.
func userManagement(_ client: PlenigoClient) throws {
    let users = client.users()
    let customerId = try users.registerUser(user: UserRegistration(
        email: "testAddNewUser@mail.com", language: "en", externalUserId: "A1BKAFZZ3H0H", firstName: "new", name: "user"))
    print("1. registered customer \(customerId)")
    print("2. login token for the checkout: \(try users.createLoginToken(customerId: customerId, useExternalCustomerId: false))")
    try users.changeEmail(customerId: "A1BKAFZZ3H0H", email: "testChangeEMail@mail.com", useExternalCustomerId: true)
    print("3. changed the e-mail address of external user A1BKAFZZ3H0H")
    try users.importCustomerAccess(customerId: "56202510", useExternalCustomerId: false, accessIds: ["12345"])
    print("4. gave customer 56202510 the extra access ID 12345")
    let bought = try users.hasBoughtProduct(customerId: "12345", productIds: ["RgKUHT78563989856641"], useExternalCustomerId: false)
    print("5. has 12345 bought RgKUHT78563989856641: \(bought)")
    do {
        try users.addExternalUserId(customerId: "56202510", externalUserId: "EXT-56202510")
        print("6. added external user ID EXT-56202510 to 56202510")
    } catch let error as PlenigoError where error.kind() == .conflict {
        print("6. 56202510 already has an external user ID: \(error)")
    }
    try users.changeAddress(
        customerId: customerId,
        address: Address(gender: "male", firstName: "new", name: "user", street: "Hauptstr. 1", postCode: "10115",
                         city: "Berlin", country: "DE"),
        useExternalCustomerId: false)
    print("7. changed the postal address of \(customerId)")
}

do {
    let apps = try client(seedSecret: "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj")
    print("App Management against \(apps.baseUrl())")
    try appManagement(apps)
    let users = try client(seedSecret: "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj")
    print("External User Management against \(users.baseUrl())")
    try userManagement(users)
} catch {
    print("failed: \(error)")
    exit(1)
}
