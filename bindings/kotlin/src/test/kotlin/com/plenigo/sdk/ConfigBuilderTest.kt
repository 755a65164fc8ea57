package com.plenigo.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** ConfigBuilder: Config for Java callers, without the 13 positional arguments. */
class ConfigBuilderTest {
    @BeforeEach
    fun reset() = Sandbox.reset()

    @Test
    fun `unset fields keep Config's own defaults`() {
        val secret = Secret(Seeds.SECRET)
        assertEquals(Config(companyId = Seeds.COMPANY, secret = secret), ConfigBuilder(Seeds.COMPANY, secret).build())
        assertEquals(Config(companyId = Seeds.COMPANY, secret = secret), Config.builder(Seeds.COMPANY, secret).build())
        val fromText = ConfigBuilder(Seeds.COMPANY, Seeds.SECRET).build()
        assertEquals(Seeds.COMPANY, fromText.companyId)
        assertEquals(null, fromText.baseUrl)
        assertFalse(fromText.testMode)
        assertEquals(2, fromText.maxRetries)
        assertFalse(fromText.toString().contains(Seeds.SECRET), fromText.toString())
    }

    @Test
    fun `every setter sets its field and nothing else`() {
        val secret = Secret(Seeds.SECRET)
        val built = ConfigBuilder(Seeds.COMPANY, secret)
            .baseUrl("https://example.com")
            .testMode(true)
            .connectTimeoutMs(1)
            .requestTimeoutMs(2)
            .maxRetries(3)
            .deadlineMs(4)
            .maxResponseBytes(5)
            .userAgentSuffix("six")
            .allowInsecureHttp(true)
            .proxyUrl("http://proxy:8")
            .extraRootCertsPem("pem")
            .build()
        assertEquals(
            Config(
                companyId = Seeds.COMPANY, secret = secret, baseUrl = "https://example.com", testMode = true,
                connectTimeoutMs = 1, requestTimeoutMs = 2, maxRetries = 3, deadlineMs = 4, maxResponseBytes = 5,
                userAgentSuffix = "six", allowInsecureHttp = true, proxyUrl = "http://proxy:8", extraRootCertsPem = "pem",
            ),
            built,
        )
        assertFalse(built.toString().contains(Seeds.SECRET))
    }

    @Test
    fun `build returns a new Config each time, with the values set so far`() {
        val builder = ConfigBuilder(Seeds.COMPANY, Seeds.SECRET).maxRetries(5)
        val first = builder.build()
        val second = builder.testMode(true).build()
        assertNotSame(first, second)
        assertFalse(first.testMode)
        assertTrue(second.testMode)
        assertEquals(5, second.maxRetries)
    }

    @Test
    fun `a client from the builder calls the sandbox with its settings`() {
        val config = ConfigBuilder(Seeds.COMPANY, Seeds.SECRET).baseUrl(Sandbox.url).testMode(true).maxRetries(0).build()
        PlenigoClient(config).use { client ->
            assertTrue(client.apps().hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP))
        }
        val request = Sandbox.journal().single()
        assertEquals("200", request.field("status"))
        assertTrue(request.field("query")!!.contains("testMode=true"), request.toString())
    }

    @Test
    fun `the builder's config is validated like any other`() {
        val error = assertThrows<PlenigoException.InvalidInput> {
            PlenigoClient(ConfigBuilder(Seeds.COMPANY, Seeds.SECRET).baseUrl(Sandbox.url).maxRetries(11).build())
        }
        assertEquals("max_retries", error.field)
    }
}
