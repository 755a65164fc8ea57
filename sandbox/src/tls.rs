//! HTTPS: a throw-away CA and a server certificate for `localhost`, `127.0.0.1` and `::1`,
//! made at start, and the rustls acceptor that serves with them.

use std::io;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use time::{Duration, OffsetDateTime};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// The names the server certificate is valid for.
const SERVER_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// How long the certificates are valid from a day before they are made (short enough
/// for clients that reject server certificates valid over 825 days).
const VALIDITY: Duration = Duration::days(365);

/// A server identity for HTTPS: the acceptor and the CA certificate clients must trust.
///
/// Each value has its own CA, whose private key lives only in this process.
#[derive(Clone)]
pub struct ServerTls {
    acceptor: TlsAcceptor,
    ca_cert_pem: String,
}

impl ServerTls {
    /// Makes a fresh CA (ECDSA P-256) and a server certificate signed by it.
    pub fn generate() -> io::Result<ServerTls> {
        let not_before = OffsetDateTime::now_utc() - Duration::days(1);
        let not_after = not_before + VALIDITY;
        let failed = |e: rcgen::Error| io::Error::other(format!("cannot make certificates: {e}"));

        let mut ca_params = CertificateParams::default();
        ca_params.not_before = not_before;
        ca_params.not_after = not_after;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "plenigo-sandbox test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().map_err(failed)?;
        let ca_cert = ca_params.self_signed(&ca_key).map_err(failed)?;
        let issuer = Issuer::new(ca_params, ca_key);

        let names: Vec<String> = SERVER_NAMES.iter().map(|n| n.to_string()).collect();
        let mut server_params = CertificateParams::new(names).map_err(failed)?;
        server_params.not_before = not_before;
        server_params.not_after = not_after;
        server_params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        server_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        server_params.use_authority_key_identifier_extension = true;
        let server_key = KeyPair::generate().map_err(failed)?;
        let server_cert = server_params
            .signed_by(&server_key, &issuer)
            .map_err(failed)?;

        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
        let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(vec![server_cert.der().clone()], key)
            .map_err(io::Error::other)?;
        // The sandbox speaks HTTP/1.1 only.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(ServerTls {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            ca_cert_pem: ca_cert.pem(),
        })
    }

    /// The CA certificate (PEM) that clients must trust to connect.
    pub fn ca_cert_pem(&self) -> &str {
        &self.ca_cert_pem
    }

    pub(crate) fn acceptor(&self) -> &TlsAcceptor {
        &self.acceptor
    }
}

impl std::fmt::Debug for ServerTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerTls").finish_non_exhaustive()
    }
}
