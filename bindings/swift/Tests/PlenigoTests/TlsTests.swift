import Plenigo
import XCTest

/// TLS: the sandbox's HTTPS certificate is trusted through `extraRootCertsPem` and only so.
final class TlsTests: XCTestCase {
    func testAClientTrustingTheSandboxCaCallsItOverHttps() throws {
        XCTAssertTrue(TlsSandbox.url.hasPrefix("https://127.0.0.1:"), TlsSandbox.url)
        let users = try PlenigoClient(config: TlsSandbox.config(extraRootCertsPem: TlsSandbox.caPem)).users()
        XCTAssertTrue(try users.hasBoughtProduct(customerId: Seeds.customer, productIds: [Seeds.product], useExternalCustomerId: false))
        XCTAssertFalse(try users.createLoginToken(customerId: Seeds.customer, useExternalCustomerId: false).isEmpty)
    }

    func testWithoutTheCaTheCertificateIsNotTrusted() throws {
        let users = try PlenigoClient(config: TlsSandbox.config(extraRootCertsPem: nil)).users()
        let error = assertPlenigoError(try users.createLoginToken(customerId: Seeds.customer, useExternalCustomerId: false))
        guard case .Network(_, _, _, _, false, let message)? = error, let error else {
            return XCTFail("expected Network, got \(String(describing: error))")
        }
        XCTAssertEqual(error.kind(), .network)
        XCTAssertTrue(message.lowercased().contains("certificate"), message)
    }

    func testAGarbagePemIsInvalidInputNamingTheField() {
        for pem in ["not a certificate", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n"] {
            let error = assertPlenigoError(try PlenigoClient(config: TlsSandbox.config(extraRootCertsPem: pem)))
            guard case .InvalidInput(let field, _, _, _, _, _)? = error else {
                XCTFail("expected InvalidInput, got \(String(describing: error))")
                continue
            }
            XCTAssertEqual(field, "extra_root_certs_pem")
        }
    }
}
