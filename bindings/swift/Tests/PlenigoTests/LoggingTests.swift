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

/// Log lines through `setLogSink`: a retried request, without the secret, a token or an ID;
/// off again. One test: the sink is process-wide.
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
}
