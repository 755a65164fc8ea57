package com.plenigo.sdk

import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** The client object: config checks, input validation before any request, secrecy, threads. */
class ClientTest {
    @BeforeEach
    fun reset() = Sandbox.reset()

    /** Runs [call], expects it to reject [field] as invalid input, and checks nothing was sent. */
    private fun assertRejected(field: String, call: () -> Unit) {
        val error = assertThrows<PlenigoException.InvalidInput>(call)
        assertEquals(field, error.field)
        assertEquals(ErrorKind.INVALID_INPUT, error.kind())
        assertNull(error.httpStatus())
        assertEquals(1, error.plenigoCode())
        assertEquals("invalid $field: ${error.detail}", error.toString())
    }

    @Test
    fun `invalid input is rejected before any request`() {
        val client = Sandbox.client()
        val apps = client.apps()
        val users = client.users()
        assertRejected("customer_id") { apps.requestAppToken("", Seeds.PRODUCT, "x") }
        assertRejected("product_id") { apps.hasUserBought(Seeds.CUSTOMER, " ", Seeds.CUSTOMER_APP) }
        assertRejected("customer_app_id") { apps.deleteCustomerApp(Seeds.CUSTOMER, "") }
        assertRejected("access_token") { apps.requestAppId(Seeds.CUSTOMER, "") }
        assertRejected("email") { users.registerUser(UserRegistration(email = "not-an-email")) }
        assertRejected("language") { users.registerUser(UserRegistration(email = "a@example.com", language = "english")) }
        assertRejected("email") { users.changeEmail(Seeds.CUSTOMER, "a@b", false) }
        assertRejected("access_ids") { users.importCustomerAccess(Seeds.CUSTOMER, false, emptyList()) }
        assertRejected("access_ids") { users.importCustomerAccess(Seeds.CUSTOMER, false, listOf("1", "2", "3", "4", "5")) }
        assertRejected("product_ids") { users.hasBoughtProduct(Seeds.CUSTOMER, emptyList(), false) }
        assertRejected("external_user_id") { users.addExternalUserId(Seeds.CUSTOMER, "") }
        assertEquals(0, Sandbox.journal().size, "no request may reach the server")
    }

    @Test
    fun `a bad config is rejected when the client is built`() {
        assertRejected("company_id") { PlenigoClient(Sandbox.config(company = "")) }
        assertRejected("secret") { PlenigoClient(Sandbox.config(secret = "")) }
        assertRejected("connect_timeout_ms") { PlenigoClient(Sandbox.config().copy(connectTimeoutMs = 0)) }
        assertRejected("request_timeout_ms") { PlenigoClient(Sandbox.config(requestTimeoutMs = -1)) }
        assertRejected("deadline_ms") { PlenigoClient(Sandbox.config().copy(deadlineMs = 0)) }
        assertRejected("base_url") {
            PlenigoClient(Config(companyId = Seeds.COMPANY, secret = Secret(Seeds.SECRET), baseUrl = "http://example.com"))
        }
        assertEquals(0, Sandbox.journal().size)
    }

    @Test
    fun `the client reports its base URL and takes defaults`() {
        val config = Config(companyId = Seeds.COMPANY, secret = Secret(Seeds.SECRET), baseUrl = Sandbox.url)
        assertFalse(config.testMode)
        assertEquals(10_000, config.requestTimeoutMs)
        assertEquals(2, config.maxRetries)
        assertEquals(Sandbox.url.trimEnd('/'), PlenigoClient(config).baseUrl().trimEnd('/'))
    }

    @Test
    fun `the secret is never printed`() {
        val config = Sandbox.config()
        val client = PlenigoClient(config)
        assertEquals("***", config.secret.toString())
        for (text in listOf(config.toString(), config.secret.toString(), client.toString())) {
            assertFalse(text.contains(Seeds.SECRET), text)
        }
        assertTrue(client.toString().contains(Seeds.COMPANY), client.toString())
    }

    @Test
    fun `one client is shared by 8 threads`() {
        val client = Sandbox.client()
        val pool = Executors.newFixedThreadPool(8)
        val perThread = 10
        try {
            val results = (0 until 8).map {
                pool.submit(Callable {
                    (0 until perThread).map { i ->
                        if (i % 2 == 0) {
                            client.apps().hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP)
                        } else {
                            client.users().createLoginToken(Seeds.CUSTOMER, false).isNotEmpty()
                        }
                    }
                })
            }.flatMap { it.get(60, TimeUnit.SECONDS) }
            assertEquals(List(8 * perThread) { true }, results)
        } finally {
            pool.shutdown()
        }
        val journal = Sandbox.journal()
        assertEquals(8 * perThread, journal.size)
        assertTrue(journal.all { it.field("status") == "200" })
        val ids = journal.map { it.jsonObject.getValue("claims").jsonObject.getValue("jti").jsonPrimitive.content }
        assertEquals(ids.size, ids.toSet().size, "every request carries a fresh jti")
    }

    @Test
    fun `the native library is loaded from JNA's resource path`() {
        assertNull(System.getProperty("jna.library.path"))
        assertNotNull(javaClass.classLoader.getResource("linux-x86-64/libplenigo.so"))
    }
}
