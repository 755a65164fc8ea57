package com.plenigo.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** TLS: the sandbox's HTTPS certificate is trusted through `extraRootCertsPem` and only so. */
class TlsTest {
    @Test
    fun `a client trusting the sandbox CA calls it over HTTPS`() {
        assertTrue(TlsSandbox.url.startsWith("https://127.0.0.1:"), TlsSandbox.url)
        PlenigoClient(TlsSandbox.config(TlsSandbox.caPem)).use { client ->
            assertTrue(client.users().hasBoughtProduct(Seeds.CUSTOMER, listOf(Seeds.PRODUCT), false))
            assertTrue(client.users().createLoginToken(Seeds.CUSTOMER, false).isNotEmpty())
        }
    }

    @Test
    fun `without the CA the certificate is not trusted`() {
        PlenigoClient(TlsSandbox.config(null)).use { client ->
            val error = assertThrows<PlenigoException.Network> { client.users().createLoginToken(Seeds.CUSTOMER, false) }
            assertEquals(ErrorKind.NETWORK, error.kind())
            assertTrue(error.toString().contains("certificate", ignoreCase = true), error.toString())
            assertFalse(error.outcomeUnknown())
        }
    }

    @Test
    fun `a garbage PEM is InvalidInput naming extra_root_certs_pem`() {
        for (pem in listOf("not a certificate", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n")) {
            val error = assertThrows<PlenigoException.InvalidInput> { PlenigoClient(TlsSandbox.config(pem)) }
            assertEquals("extra_root_certs_pem", error.field)
            assertFalse(error.toString().contains(Seeds.SECRET))
        }
    }
}
