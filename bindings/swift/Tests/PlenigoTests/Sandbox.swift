import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Plenigo
import XCTest

/// The seeds' company, secrets and records, as the sandbox's built-in fixture holds them.
enum Seeds {
    static let company = "23NuCmdPoiRRkQiCqP9Q"
    static let secret = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj"
    static let customer = "56202510"
    static let otherCustomer = "A1BKAFZZ3H0H"
    static let product = "RgKUHT78563989856641"
    static let unboughtProduct = "EgLUrT56328991046641"
    static let customerApp = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
    static let appToken = "6176437516"
}

/// The plenigo-sandbox at `PLENIGO_SANDBOX_URL` (scripts/test-swift starts one) and its admin API.
enum Sandbox {
    static let url: String = {
        guard let url = ProcessInfo.processInfo.environment["PLENIGO_SANDBOX_URL"], !url.isEmpty else {
            fatalError("set PLENIGO_SANDBOX_URL to a running plenigo-sandbox (scripts/test-swift does)")
        }
        return url
    }()

    /// A config for `company` with `secret` against the sandbox, without retries.
    static func config(
        secret: String = Seeds.secret,
        company: String = Seeds.company,
        requestTimeoutMs: UInt32 = 10_000
    ) -> Config {
        Config(
            companyId: company,
            secret: Secret(value: secret),
            baseUrl: url,
            requestTimeoutMs: requestTimeoutMs,
            maxRetries: 0
        )
    }

    /// A client for the seeds' company against the sandbox.
    static func client(secret: String = Seeds.secret, company: String = Seeds.company) throws -> PlenigoClient {
        try PlenigoClient(config: config(secret: secret, company: company))
    }

    /// Restores the fixture and clears journal, faults and clock.
    static func reset() async throws {
        _ = try await admin("POST", "/__sandbox/reset")
    }

    /// The API requests received since the last reset, oldest first.
    static func journal() async throws -> [[String: Any]] {
        try await admin("GET", "/__sandbox/journal") as? [[String: Any]] ?? []
    }

    /// The admin view of a customer (email, externalUserId, accessIds, purchases, apps).
    static func customer(_ id: String, company: String = Seeds.company) async throws -> [String: Any] {
        try await admin("GET", "/__sandbox/customers/\(company)/\(id)") as? [String: Any] ?? [:]
    }

    /// The admin view of a login token (customerId, expired, redeemed).
    static func loginToken(_ token: String) async throws -> [String: Any] {
        try await admin("GET", "/__sandbox/login-tokens/\(token)") as? [String: Any] ?? [:]
    }

    /// Injects a fault (JSON as `POST /__sandbox/faults` takes it).
    static func fault(_ json: String) async throws {
        _ = try await admin("POST", "/__sandbox/faults", body: json)
    }

    /// Adds or replaces a company (JSON as `POST /__sandbox/companies` takes it).
    static func company(_ json: String) async throws {
        _ = try await admin("POST", "/__sandbox/companies", body: json)
    }

    private static func admin(_ method: String, _ path: String, body: String? = nil) async throws -> Any {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw AdminError(message: "\(method) \(path): HTTP \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    struct AdminError: Error {
        let message: String
    }
}

/// Runs `call`, expects a `PlenigoError`, and returns it.
func assertPlenigoError<T>(
    _ call: @autoclosure () throws -> T,
    file: StaticString = #filePath,
    line: UInt = #line
) -> PlenigoError? {
    do {
        _ = try call()
        XCTFail("expected a PlenigoError", file: file, line: line)
    } catch let error as PlenigoError {
        return error
    } catch {
        XCTFail("expected a PlenigoError, got \(error)", file: file, line: line)
    }
    return nil
}
