package com.plenigo.sdk

import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The `suspend fun` surface (`appsAsync()`, `usersAsync()`): every operation, concurrency on
 * one thread, and cancellation that frees the connection. `runBlocking` is a one-thread event
 * loop here, so calls overlapping in time prove they suspend rather than block.
 */
class AsyncTest {
    @BeforeEach
    fun reset() = Sandbox.reset()

    @Test
    fun `every operation works through the suspend funs`() = runBlocking {
        val client = Sandbox.client()
        val apps = client.appsAsync()
        val users = client.usersAsync()

        val token = apps.requestAppToken(Seeds.CUSTOMER, Seeds.PRODUCT, "async app")
        val app = apps.requestAppId(Seeds.CUSTOMER, token.token)
        assertTrue(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, app.customerAppId))
        assertFalse(apps.hasUserBought(Seeds.CUSTOMER, Seeds.UNBOUGHT_PRODUCT, app.customerAppId))
        assertTrue(apps.getCustomerApps(Seeds.CUSTOMER).any { it.customerAppId == app.customerAppId })
        apps.deleteCustomerApp(Seeds.CUSTOMER, app.customerAppId)
        assertFalse(apps.getCustomerApps(Seeds.CUSTOMER).any { it.customerAppId == app.customerAppId })

        val customer = users.registerUser(UserRegistration(email = "async@example.com"))
        assertTrue(users.createLoginToken(customer, false).isNotEmpty())
        users.changeEmail(customer, "async2@example.com", false)
        users.addExternalUserId(customer, "ASYNC-1")
        users.importCustomerAccess(customer, false, listOf("CRM-ASYNC"))
        val view = Sandbox.customer(customer)
        assertEquals("async2@example.com", view.field("email"))
        assertEquals("ASYNC-1", view.field("externalUserId"))
        assertTrue(users.hasBoughtProduct(Seeds.CUSTOMER, listOf(Seeds.PRODUCT), false))
        assertFalse(users.hasBoughtProduct(Seeds.CUSTOMER, listOf(Seeds.UNBOUGHT_PRODUCT), false))

        // The same validation and typed errors as the blocking API; bad input sends nothing.
        val sent = Sandbox.journal().size
        val invalid = assertThrows<PlenigoException.InvalidInput> { runBlocking { users.createLoginToken(" ", false) } }
        assertEquals("customer_id", invalid.field)
        assertEquals(sent, Sandbox.journal().size)
        val missing = assertThrows<PlenigoException.NotFound> { runBlocking { users.createLoginToken("no-such-customer", false) } }
        assertEquals(404, missing.status)
    }

    @Test
    fun `changeAddress suspends like the blocking call and fails the same way`() = runBlocking {
        val users = Sandbox.client().usersAsync()
        users.changeAddress(Seeds.CUSTOMER, Address(gender = "male", street = "Hauptstr. 1", city = "Berlin", country = "DE"), false)
        val stored = Sandbox.customer(Seeds.CUSTOMER).getValue("address")
        assertEquals("MALE", stored.field("gender"))
        assertEquals("Hauptstr. 1", stored.field("street"))
        assertEquals("DE", stored.field("country"))
        assertEquals(1, Sandbox.journal().size)

        val gender = assertThrows<PlenigoException.InvalidInput> {
            runBlocking { users.changeAddress(Seeds.CUSTOMER, Address(gender = "x"), false) }
        }
        assertEquals("gender", gender.field)
        val country = assertThrows<PlenigoException.InvalidInput> {
            runBlocking { users.changeAddress(Seeds.CUSTOMER, Address(gender = "MALE", street = "Hauptstr. 2", country = ""), false) }
        }
        assertEquals("country", country.field)
        assertEquals(1, Sandbox.journal().size, "invalid input sends nothing")

        val missing = assertThrows<PlenigoException.NotFound> {
            runBlocking { users.changeAddress("no-such-customer", Address(gender = "MALE"), false) }
        }
        assertEquals(404, missing.status)
        assertEquals("Hauptstr. 1", Sandbox.customer(Seeds.CUSTOMER).getValue("address").field("street"))
    }

    @Test
    fun `8 concurrent calls on one client overlap on one thread`() = runBlocking {
        val apps = Sandbox.client().appsAsync()
        Sandbox.fault("""{"path":"/api/v2/access/app/","delayMs":600,"count":8}""")
        val started = System.nanoTime()
        val answers = List(8) { async { apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP) } }.awaitAll()
        val elapsedMs = (System.nanoTime() - started) / 1_000_000
        assertEquals(List(8) { true }, answers)
        assertEquals(8, Sandbox.journal().size)
        assertTrue(elapsedMs < 2_400, "8 calls of 600 ms each took $elapsedMs ms: they did not overlap")
    }

    @Test
    fun `cancelling a hanging call frees its connection`() = runBlocking {
        // Its own sandbox: no other test's connection opens or closes there meanwhile.
        val apps = PlenigoClient(QuietSandbox.config()).appsAsync() // request timeout 10 s: only cancelling ends these calls
        Sandbox.fault("""{"hang":true,"path":"/api/v2/access/app/","count":2}""", QuietSandbox.url)
        val idle = Sandbox.connections(QuietSandbox.url).getValue("open")

        // job.cancel()
        val job = launch { apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP) }
        // Cancelled only once the sandbox holds the request: cancelled earlier, the hang fault
        // would stay armed for the call at the end.
        awaitOpen(idle + 1)
        awaitHanging(1)
        val cancelled = System.nanoTime()
        job.cancelAndJoin()
        awaitOpen(idle)
        assertTrue(job.isCancelled)
        assertTrue((System.nanoTime() - cancelled) / 1_000_000 < 3_000)

        // withTimeout
        assertThrows<TimeoutCancellationException> {
            runBlocking { withTimeout(1_000) { apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP) } }
        }
        awaitHanging(2)
        awaitOpen(idle)

        // The client works afterwards, on a new connection.
        assertTrue(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP))
    }

    /** Polls the quiet sandbox until its journal holds [expected] requests a hang fault keeps (status 0); fails after 3 s. */
    private suspend fun awaitHanging(expected: Int) = awaitCount("hanging requests", expected) {
        Sandbox.journal(QuietSandbox.url).count { it.jsonObject.getValue("status").jsonPrimitive.content == "0" }
    }

    /** Polls the quiet sandbox until `open` connections equal [expected]; fails after 3 s. */
    private suspend fun awaitOpen(expected: Int) = awaitCount("open connections", expected) {
        Sandbox.connections(QuietSandbox.url).getValue("open")
    }

    /** Polls [count] every 50 ms until it equals [expected]; fails after 3 s. */
    private suspend fun awaitCount(what: String, expected: Int, count: () -> Int) {
        var now = -1
        repeat(60) {
            now = count()
            if (now == expected) return
            delay(50)
        }
        error("$what: $now, expected $expected")
    }
}
