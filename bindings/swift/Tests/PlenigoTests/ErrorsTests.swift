import Foundation
import Plenigo
import XCTest

/// How failures reach Swift: one `PlenigoError` case per kind, each with the same fields
/// (field, status, code, detail, outcomeUnknown, message).
final class ErrorsTests: XCTestCase {
    override func setUp() async throws {
        try await Sandbox.reset()
    }

    /// Fails the next customer-apps call with `status` and returns what the SDK threw.
    private func fail(with status: Int) async throws -> PlenigoError? {
        try await Sandbox.fault(#"{"method":"GET","path":"/api/v2/access/app/","status":\#(status)}"#)
        return assertPlenigoError(try Sandbox.client().apps().getCustomerApps(customerId: Seeds.customer))
    }

    func testEveryHttpFailureMapsToItsOwnCase() async throws {
        let expected: [(Int, ErrorKind, Int32)] = [
            (400, .badRequest, 1), (401, .unauthorized, 4), (404, .notFound, 19), (409, .conflict, 1),
            (412, .preconditionFailed, 11), (423, .limitReached, 12), (500, .server, 10), (503, .server, 0),
            (418, .invalidResponse, 0),
        ]
        for (status, kind, code) in expected {
            let error = try await fail(with: status)
            XCTAssertEqual(error?.kind(), kind, "HTTP \(status)")
            XCTAssertEqual(error?.httpStatus(), Int32(status))
            XCTAssertEqual(error?.plenigoCode(), code, "HTTP \(status)")
            XCTAssertEqual(error?.outcomeUnknown(), false)
            XCTAssertTrue(error?.description.contains("HTTP \(status)") ?? false, error?.description ?? "")
        }
        let notFound = try await fail(with: 404)
        guard case .NotFound(nil, 404?, 19, _, false, _)? = notFound else { return XCTFail("\(String(describing: notFound))") }
        let server = try await fail(with: 502)
        guard case .Server(nil, 502?, 0, _, false, _)? = server else { return XCTFail("\(String(describing: server))") }
    }

    func testDescriptionInterpolationAndLocalizedDescriptionGiveTheHumanMessage() async throws {
        let error = try await fail(with: 404)
        guard case .NotFound(_, _, _, let detail, _, let message)? = error, let error else { return XCTFail() }
        XCTAssertEqual(message, "not found (HTTP 404): \(detail)")
        XCTAssertEqual(error.description, message)
        XCTAssertEqual("\(error)", message)
        XCTAssertEqual(error.localizedDescription, message)
    }

    func testAWrongSecretIsUnauthorizedAndNeverPrinted() throws {
        let wrong = "WrongSecretWrongSecretWrongSecret123"
        let error = assertPlenigoError(
            try Sandbox.client(secret: wrong).users().createLoginToken(customerId: Seeds.customer, useExternalCustomerId: false))
        guard case .Unauthorized(_, 401?, 4, _, _, let message)? = error, let error else { return XCTFail("\(String(describing: error))") }
        for text in [message, "\(error)", String(reflecting: error), error.localizedDescription] {
            XCTAssertFalse(text.contains(wrong), text)
            XCTAssertFalse(text.contains(Seeds.secret), text)
        }
    }

    func testADroppedConnectionIsANetworkError() async throws {
        try await Sandbox.fault(#"{"path":"/api/v2/access/app/","reset":true}"#)
        let error = assertPlenigoError(try Sandbox.client().apps().getCustomerApps(customerId: Seeds.customer))
        // A GET is safe to repeat: its outcome is never unknown.
        guard case .Network(nil, nil, 5, _, false, _)? = error else { return XCTFail("\(String(describing: error))") }
    }

    func testASlowAnswerIsATimeout() async throws {
        try await Sandbox.fault(#"{"path":"/api/v2/access/app/","delayMs":2000}"#)
        let client = try PlenigoClient(config: Sandbox.config(requestTimeoutMs: 200))
        let error = assertPlenigoError(try client.apps().getCustomerApps(customerId: Seeds.customer))
        XCTAssertEqual(error?.kind(), .timeout)
        XCTAssertEqual(error?.plenigoCode(), 5)
    }

    func testAnUnreadableAnswerIsAnInvalidResponse() async throws {
        try await Sandbox.fault(#"{"path":"/api/v2/access/app/","status":200,"body":"<html>proxy</html>","contentType":"text/html"}"#)
        let error = assertPlenigoError(try Sandbox.client().apps().getCustomerApps(customerId: Seeds.customer))
        guard case .InvalidResponse(nil, 200?, 0, _, false, _)? = error else { return XCTFail("\(String(describing: error))") }
    }
}
