package com.plenigo.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/**
 * Hostile answers reach Kotlin as typed exceptions, and access checks fail closed (the Rust tests
 * in tests/hostile.rs own the full catalogue; this is the Kotlin side of it).
 */
class HostileTest {
    @BeforeEach
    fun reset() = Sandbox.reset()

    @ParameterizedTest
    @ValueSource(strings = ["""{\"accessGranted\":\"false\"}""", """{\"accessGranted\":null}""", "{}", "[]", ""])
    fun `has-bought-product never grants on an unreadable answer`(body: String) {
        Sandbox.fault("""{"path":"/api/v2/user/product","body":"$body"}""")
        val error = assertThrows<PlenigoException.InvalidResponse> {
            Sandbox.client().users().hasBoughtProduct(Seeds.CUSTOMER, listOf(Seeds.PRODUCT), false)
        }
        assertEquals(200, error.httpStatus())
    }

    @Test
    fun `has-user-bought denies on an explicit false and refuses HTML`() {
        val apps = Sandbox.client().apps()
        Sandbox.fault("""{"path":"/api/v2/access/app/","body":"{\"accessGranted\":false}"}""")
        assertFalse(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP))
        Sandbox.fault("""{"path":"/api/v2/access/app/","body":"<html>Login</html>","contentType":"text/html"}""")
        assertThrows<PlenigoException.InvalidResponse> {
            apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP)
        }
    }

    @Test
    fun `an answer over the size cap is refused`() {
        val client = PlenigoClient(Sandbox.config().copy(maxResponseBytes = 1000))
        Sandbox.fault("""{"path":"/api/v2/access/app/","body":"{\"apps\":[],\"pad\":\"${"p".repeat(2000)}\"}"}""")
        val error = assertThrows<PlenigoException.InvalidResponse> { client.apps().getCustomerApps(Seeds.CUSTOMER) }
        assertTrue(error.toString().contains("larger than 1000 bytes"), error.toString())
    }

    @Test
    fun `retries stop at the deadline`() {
        val client = PlenigoClient(Sandbox.config(maxRetries = 10).copy(deadlineMs = 800))
        Sandbox.fault("""{"path":"/api/v2/access/app/","status":503,"retryAfter":"1","count":10}""")
        val started = System.nanoTime()
        assertThrows<PlenigoException.Server> { client.apps().getCustomerApps(Seeds.CUSTOMER) }
        assertTrue(System.nanoTime() - started < 800_000_000L)
        assertEquals(1, Sandbox.journal().size)
    }

    @Test
    fun `a reset POST is a network error with an unknown outcome`() {
        Sandbox.fault("""{"path":"/api/v2/externalUser/register","reset":true}""")
        val error = assertThrows<PlenigoException.Network> {
            Sandbox.client().users().registerUser(UserRegistration(email = "lost@example.com"))
        }
        assertTrue(error.outcomeUnknown())
    }

    @ParameterizedTest
    @ValueSource(strings = ["zz", "xx", "qq"])
    fun `made-up languages are refused before sending`(language: String) {
        assertThrows<PlenigoException.InvalidInput> {
            Sandbox.client().users().registerUser(UserRegistration(email = "x@example.com", language = language))
        }
        assertEquals(0, Sandbox.journal().size)
    }
}
