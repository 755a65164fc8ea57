import Foundation
import Plenigo
import XCTest

/// The `async throws` surface (`appsAsync()`, `usersAsync()`): every operation, 8 calls
/// overlapping on one client, and `Task.cancel()` aborting a hanging call and freeing its
/// connection.
final class AsyncTests: XCTestCase {
    override func setUp() async throws {
        try await Sandbox.reset()
    }

    func testEveryOperationWorksThroughTheAsyncFunctions() async throws {
        let client = try Sandbox.client()
        let apps = client.appsAsync()
        let users = client.usersAsync()

        let token = try await apps.requestAppToken(customerId: Seeds.customer, productId: Seeds.product, description: "async app")
        let app = try await apps.requestAppId(customerId: Seeds.customer, accessToken: token.token)
        let bought = try await apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: app.customerAppId)
        XCTAssertTrue(bought)
        let notBought = try await apps.hasUserBought(
            customerId: Seeds.customer, productId: Seeds.unboughtProduct, customerAppId: app.customerAppId)
        XCTAssertFalse(notBought)
        let listed = try await apps.getCustomerApps(customerId: Seeds.customer)
        XCTAssertTrue(listed.contains { $0.customerAppId == app.customerAppId })
        try await apps.deleteCustomerApp(customerId: Seeds.customer, customerAppId: app.customerAppId)
        let left = try await apps.getCustomerApps(customerId: Seeds.customer)
        XCTAssertFalse(left.contains { $0.customerAppId == app.customerAppId })

        let customer = try await users.registerUser(user: UserRegistration(email: "async@example.com"))
        let loginToken = try await users.createLoginToken(customerId: customer, useExternalCustomerId: false)
        XCTAssertFalse(loginToken.isEmpty)
        try await users.changeEmail(customerId: customer, email: "async2@example.com", useExternalCustomerId: false)
        try await users.addExternalUserId(customerId: customer, externalUserId: "ASYNC-1")
        try await users.importCustomerAccess(customerId: customer, useExternalCustomerId: false, accessIds: ["CRM-ASYNC"])
        try await users.changeAddress(customerId: "ASYNC-1", address: Address(gender: "diverse", city: "Köln"), useExternalCustomerId: true)
        let view = try await Sandbox.customer(customer)
        XCTAssertEqual(view["email"] as? String, "async2@example.com")
        XCTAssertEqual(view["externalUserId"] as? String, "ASYNC-1")
        let address = view["address"] as? [String: Any]
        XCTAssertEqual(address?.compactMapValues { $0 as? String }, ["gender": "DIVERSE", "city": "Köln"])
        let hasBought = try await users.hasBoughtProduct(customerId: Seeds.customer, productIds: [Seeds.product], useExternalCustomerId: false)
        XCTAssertTrue(hasBought)
        let hasNotBought = try await users.hasBoughtProduct(
            customerId: Seeds.customer, productIds: [Seeds.unboughtProduct], useExternalCustomerId: false)
        XCTAssertFalse(hasNotBought)

        // The same validation and typed errors as the blocking API; bad input sends nothing.
        let sent = try await Sandbox.journal().count
        do {
            _ = try await users.createLoginToken(customerId: " ", useExternalCustomerId: false)
            XCTFail("expected InvalidInput")
        } catch PlenigoError.InvalidInput(let field, _, _, _, _, _) {
            XCTAssertEqual(field, "customer_id")
        }
        for (field, address) in [("gender", Address(gender: "unknown")), ("country", Address(gender: "MALE", street: "Hauptstr. 1"))] {
            do {
                try await users.changeAddress(customerId: customer, address: address, useExternalCustomerId: false)
                XCTFail("expected InvalidInput")
            } catch PlenigoError.InvalidInput(let rejected, _, _, _, _, _) {
                XCTAssertEqual(rejected, field)
            }
        }
        let sentAfter = try await Sandbox.journal().count
        XCTAssertEqual(sentAfter, sent)
        do {
            _ = try await users.createLoginToken(customerId: "no-such-customer", useExternalCustomerId: false)
            XCTFail("expected NotFound")
        } catch PlenigoError.NotFound(_, let status, let code, _, _, _) {
            XCTAssertEqual(status, 404)
            XCTAssertEqual(code, 18)
        }
        do {
            try await users.changeAddress(customerId: "no-such-customer", address: Address(gender: "MALE"), useExternalCustomerId: false)
            XCTFail("expected NotFound")
        } catch PlenigoError.NotFound(_, let status, _, _, _, _) {
            XCTAssertEqual(status, 404)
        }
    }

    func test8ConcurrentCallsOnOneClientOverlap() async throws {
        let apps = try Sandbox.client().appsAsync()
        try await Sandbox.fault(#"{"path":"/api/v2/access/app/","delayMs":1000,"count":8}"#)
        let clock = ContinuousClock()
        let started = clock.now
        let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: Seeds.customerApp)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        let elapsed = clock.now - started
        XCTAssertEqual(answers, Array(repeating: true, count: 8))
        let journal = try await Sandbox.journal()
        XCTAssertEqual(journal.count, 8)
        XCTAssertLessThan(elapsed, .milliseconds(3000), "8 calls of 1 s each did not overlap")
    }

    func testCancellingAHangingCallFreesItsConnection() async throws {
        // The request timeout is 10 s: only cancelling ends this call in time. Its own sandbox:
        // no other test's connection opens or closes there meanwhile.
        let apps = try PlenigoClient(config: Sandbox.config(baseUrl: QuietSandbox.url)).appsAsync()
        try await Sandbox.fault(#"{"hang":true,"path":"/api/v2/access/app/"}"#, base: QuietSandbox.url)
        let idle = try await openConnections()

        let task = Task {
            try await apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: Seeds.customerApp)
        }
        // Cancelled only once the sandbox holds the request: cancelled earlier, the hang fault
        // would stay armed for the call at the end.
        try await awaitOpen(idle + 1)
        try await awaitHanging(1)
        let clock = ContinuousClock()
        let cancelled = clock.now
        task.cancel()
        let result = await task.result
        XCTAssertLessThan(clock.now - cancelled, .seconds(3))
        guard case .failure(let error) = result, error is CancellationError else {
            return XCTFail("expected CancellationError, got \(result)")
        }
        try await awaitOpen(idle)

        // The client works afterwards, on a new connection.
        let bought = try await apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: Seeds.customerApp)
        XCTAssertTrue(bought)
    }

    private func openConnections() async throws -> Int {
        try await Sandbox.connections(base: QuietSandbox.url)["open"] ?? -1
    }

    /// Polls the quiet sandbox until its journal holds `expected` requests that a hang fault
    /// keeps (status 0); fails after 3 s.
    private func awaitHanging(_ expected: Int, file: StaticString = #filePath, line: UInt = #line) async throws {
        try await awaitCount("hanging requests", expected, file: file, line: line) {
            try await Sandbox.journal(base: QuietSandbox.url).filter { ($0["status"] as? Int) == 0 }.count
        }
    }

    /// Polls the quiet sandbox until `expected` connections are open; fails after 3 s.
    private func awaitOpen(_ expected: Int, file: StaticString = #filePath, line: UInt = #line) async throws {
        try await awaitCount("open connections", expected, file: file, line: line) {
            try await self.openConnections()
        }
    }

    /// Polls `count` every 50 ms until it equals `expected`; fails after 3 s.
    private func awaitCount(
        _ what: String, _ expected: Int, file: StaticString, line: UInt, count: () async throws -> Int
    ) async throws {
        var now = -1
        for _ in 0..<60 {
            now = try await count()
            if now == expected { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("\(what): \(now), expected \(expected)", file: file, line: line)
    }
}
