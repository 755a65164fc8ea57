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

    /// A config for `company` with `secret` against the sandbox (or `baseUrl`), without retries
    /// unless `maxRetries` says so.
    static func config(
        secret: String = Seeds.secret,
        company: String = Seeds.company,
        requestTimeoutMs: Int32 = 10_000,
        maxRetries: Int32 = 0,
        testMode: Bool = false,
        baseUrl: String? = nil,
        extraRootCertsPem: String? = nil
    ) -> Config {
        Config(
            companyId: company,
            secret: Secret(value: secret),
            baseUrl: baseUrl ?? url,
            testMode: testMode,
            requestTimeoutMs: requestTimeoutMs,
            maxRetries: maxRetries,
            extraRootCertsPem: extraRootCertsPem
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

    /// The API requests the sandbox at `base` received since the last reset, oldest first (a
    /// request held by a hang fault is there with status 0 while it hangs).
    static func journal(base: String = url) async throws -> [[String: Any]] {
        try await admin("GET", "/__sandbox/journal", base: base) as? [[String: Any]] ?? []
    }

    /// The admin view of a customer (email, externalUserId, accessIds, purchases, apps).
    static func customer(_ id: String, company: String = Seeds.company) async throws -> [String: Any] {
        try await admin("GET", "/__sandbox/customers/\(company)/\(id)") as? [String: Any] ?? [:]
    }

    /// The admin view of a login token (customerId, expired, redeemed).
    static func loginToken(_ token: String) async throws -> [String: Any] {
        try await admin("GET", "/__sandbox/login-tokens/\(token)") as? [String: Any] ?? [:]
    }

    /// The connection counts of the sandbox at `base`: `accepted`, `api` (since the last reset)
    /// and `open` (now).
    static func connections(base: String = url) async throws -> [String: Int] {
        try await admin("GET", "/__sandbox/connections", base: base) as? [String: Int] ?? [:]
    }

    /// Injects a fault (JSON as `POST /__sandbox/faults` takes it) into the sandbox at `base`.
    static func fault(_ json: String, base: String = url) async throws {
        _ = try await admin("POST", "/__sandbox/faults", body: json, base: base)
    }

    /// Adds or replaces a company (JSON as `POST /__sandbox/companies` takes it).
    static func company(_ json: String) async throws {
        _ = try await admin("POST", "/__sandbox/companies", body: json)
    }

    /// Redeems a login token as plenigo's checkout does; returns the HTTP status (200 once, then 409).
    static func redeemLoginToken(_ token: String) async throws -> Int {
        try await send("POST", "/__sandbox/login-tokens/\(token)/redeem").status
    }

    /// The claims of a checkout `paymentData` JWT, once the sandbox verified its signature and `aud`.
    static func verifyPaymentData(_ paymentData: String, company: String = Seeds.company) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: ["companyId": company, "paymentData": paymentData])
        let answer = try await admin("POST", "/__sandbox/payment-data/verify", body: String(decoding: body, as: UTF8.self))
        return (answer as? [String: Any])?["claims"] as? [String: Any] ?? [:]
    }

    private static func send(
        _ method: String, _ path: String, body: String? = nil, base: String = url
    ) async throws -> (data: Data, status: Int) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    private static func admin(_ method: String, _ path: String, body: String? = nil, base: String = url) async throws -> Any {
        let (data, status) = try await send(method, path, body: body, base: base)
        guard status == 200 else {
            throw AdminError(message: "\(method) \(path): HTTP \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    struct AdminError: Error {
        let message: String
    }
}

/// The plenigo-sandbox at `PLENIGO_QUIET_SANDBOX_URL` (scripts/test-swift starts it), for tests
/// that count open connections: no other test's client opens or closes one there.
enum QuietSandbox {
    static let url: String = {
        guard let url = ProcessInfo.processInfo.environment["PLENIGO_QUIET_SANDBOX_URL"], !url.isEmpty else {
            fatalError("set PLENIGO_QUIET_SANDBOX_URL to a second running plenigo-sandbox (scripts/test-swift does)")
        }
        return url
    }()
}

/// The HTTPS plenigo-sandbox at `PLENIGO_TLS_SANDBOX_URL`, whose certificate is signed by the CA
/// in the PEM file `PLENIGO_TLS_CA_CERT` (scripts/test-swift starts it with `--tls`).
enum TlsSandbox {
    static let url: String = environment("PLENIGO_TLS_SANDBOX_URL")

    /// The PEM of the CA that signed the sandbox's certificate.
    static let caPem: String = {
        let path = environment("PLENIGO_TLS_CA_CERT")
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
            fatalError("cannot read the sandbox's CA certificate at \(path)")
        }
        return pem
    }()

    /// A config for the seeds' company against this sandbox, trusting `extraRootCertsPem`.
    static func config(extraRootCertsPem: String?) -> Config {
        Sandbox.config(baseUrl: url, extraRootCertsPem: extraRootCertsPem)
    }

    private static func environment(_ name: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            fatalError("set \(name) (scripts/test-swift does)")
        }
        return value
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

/// Runs a checkout snippet in node with a stand-in `plenigo` object and returns the call it
/// made: `["f": "checkout" | "remote", "o": [...the object passed...]]`.
func runInNode(_ snippet: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let standIn = "const plenigo = { checkout: o => console.log(JSON.stringify({f: 'checkout', o})), "
        + "checkoutWithRemoteLogin: o => console.log(JSON.stringify({f: 'remote', o})) };\n"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/node")
    process.arguments = ["-e", standIn + snippet]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "node failed on \(snippet)", file: file, line: line)
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}
