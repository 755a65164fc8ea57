import Foundation
import Plenigo
import XCTest

/// Everything a `LogSink` received: level, target and message.
final class Lines: LogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var received: [(level: LogLevel, target: String, message: String)] = []

    func log(level: LogLevel, target: String, message: String) {
        lock.lock()
        defer { lock.unlock() }
        received.append((level, target, message))
    }

    var lines: [(level: LogLevel, target: String, message: String)] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }
}

/// A sink that counts its calls and throws `error` from each.
final class Throwing: LogSink, @unchecked Sendable {
    private let lock = NSLock()
    private let error: any Error
    private var count = 0

    init(_ error: any Error) {
        self.error = error
    }

    func log(level: LogLevel, target: String, message: String) throws {
        lock.lock()
        count += 1
        lock.unlock()
        throw error
    }

    var calls: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// Log lines through `setLogSink`: a retried request, without the secret, a token or an ID;
/// off again; a sink that throws. The sink is process-wide: XCTest runs these one at a time.
final class LoggingTests: XCTestCase {
    override func setUp() async throws {
        try await Sandbox.reset()
    }

    override func tearDown() async throws {
        try setLogSink(sink: nil, level: .off)
    }

    private func retriedCall() async throws {
        try await Sandbox.fault(#"{"path":"/api/v2/access/app/","status":503,"retryAfter":"0"}"#)
        let apps = try PlenigoClient(config: Sandbox.config(maxRetries: 1)).appsAsync()
        let bought = try await apps.hasUserBought(customerId: Seeds.customer, productId: Seeds.product, customerAppId: Seeds.customerApp)
        XCTAssertTrue(bought)
    }

    func testARetriedRequestIsLoggedWithoutSecretsAndLoggingTurnsOff() async throws {
        let sink = Lines()
        try setLogSink(sink: sink, level: .debug)
        try await retriedCall()

        let route = "GET /access/app/{customerId}/{productId}/{customerAppId}"
        let lines = sink.lines
        XCTAssertEqual(lines.count, 2, "\(lines)")
        guard lines.count == 2 else { return }
        XCTAssertEqual(lines[0].level, .info)
        XCTAssertEqual(lines[0].target, "plenigo")
        XCTAssertTrue(lines[0].message.hasPrefix("\(route) -> HTTP 503 (attempt 1, "), lines[0].message)
        XCTAssertTrue(lines[0].message.contains("retrying in 0 ms"), lines[0].message)
        XCTAssertEqual(lines[1].level, .debug)
        XCTAssertTrue(lines[1].message.hasPrefix("\(route) -> HTTP 200 (attempt 2, "), lines[1].message)

        let tokenIds = try await Sandbox.journal().compactMap { ($0["claims"] as? [String: Any])?["jti"] as? String }
        XCTAssertEqual(tokenIds.count, 2)
        for line in lines {
            for secret in [Seeds.secret, "eyJ", Seeds.customer, Seeds.product, Seeds.customerApp] + tokenIds {
                XCTAssertFalse(line.message.contains(secret), line.message)
            }
        }

        try setLogSink(sink: nil, level: .off)
        try await retriedCall()
        XCTAssertEqual(sink.lines.count, 2)
    }

    func testASinkThatThrowsNeverFailsACallNorChangesItsResult() async throws {
        struct SinkBroke: Error {}
        for error: any Error in [SinkBroke(), LogSinkError.Failed(reason: "sink broke")] {
            try await Sandbox.reset()
            let sink = Throwing(error)
            try setLogSink(sink: sink, level: .debug)
            let token = try await Sandbox.client().usersAsync().createLoginToken(customerId: Seeds.customer, useExternalCustomerId: false)
            let view = try await Sandbox.loginToken(token)
            XCTAssertEqual(view["customerId"] as? String, Seeds.customer, "\(error)")
            XCTAssertGreaterThan(sink.calls, 0, "\(error): the sink was never called")
            let journal = try await Sandbox.journal()
            XCTAssertEqual(journal.count, 1, "\(error)")
        }
    }
}
