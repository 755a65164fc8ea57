package com.plenigo.sdk

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.util.concurrent.CopyOnWriteArrayList
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

/** Log lines through `setLogSink`: a retried request, without secrets; `JulLogSink`; off again. */
class LoggingTest {
    private val route = "GET /access/app/{customerId}/{productId}/{customerAppId}"
    private val apps = Sandbox.client(maxRetries = 1).appsAsync()

    /** Everything the sink received: level, target and message. */
    private class Lines : LogSink {
        val lines = CopyOnWriteArrayList<Triple<LogLevel, String, String>>()
        override fun log(level: LogLevel, target: String, message: String) {
            lines.add(Triple(level, target, message))
        }
    }

    @BeforeEach
    fun reset() = Sandbox.reset()

    @AfterEach
    fun off() = setLogSink(null, LogLevel.OFF) // the sink is process-wide

    private fun retriedCall() = runBlocking {
        Sandbox.fault("""{"path":"/api/v2/access/app/","status":503,"retryAfter":"0"}""")
        assertTrue(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP))
    }

    @Test
    fun `a retried request is logged without the secret, the token or IDs`() {
        val sink = Lines()
        setLogSink(sink, LogLevel.DEBUG)
        retriedCall()

        val lines = sink.lines.toList()
        assertEquals(2, lines.size, "$lines")
        assertEquals(listOf("plenigo", "plenigo"), lines.map { it.second })
        assertEquals(LogLevel.INFO, lines[0].first)
        assertTrue(lines[0].third.startsWith("$route -> HTTP 503 (attempt 1, "), lines[0].third)
        assertTrue(lines[0].third.contains("retrying in 0 ms"), lines[0].third)
        assertEquals(LogLevel.DEBUG, lines[1].first)
        assertTrue(lines[1].third.startsWith("$route -> HTTP 200 (attempt 2, "), lines[1].third)

        val tokenIds = Sandbox.journal().map { it.jsonObject.getValue("claims").field("jti")!! }
        assertEquals(2, tokenIds.size)
        val secrets = listOf(Seeds.SECRET, "eyJ", Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP) + tokenIds
        for ((_, _, line) in lines) {
            for (secret in secrets) assertFalse(line.contains(secret), line)
        }

        // Turned off, nothing more arrives.
        setLogSink(null, LogLevel.OFF)
        retriedCall()
        assertEquals(2, sink.lines.size)
    }

    @Test
    fun `JulLogSink forwards to java util logging at the chosen level`() {
        val records = CopyOnWriteArrayList<LogRecord>()
        val handler = object : Handler() {
            override fun publish(record: LogRecord) {
                records.add(record)
            }
            override fun flush() {}
            override fun close() {}
        }
        val logger = Logger.getLogger("plenigo")
        val previousLevel = logger.level
        logger.level = Level.ALL
        logger.useParentHandlers = false
        logger.addHandler(handler)
        try {
            setLogSink(JulLogSink(), LogLevel.INFO) // the retry, not the successful attempt
            retriedCall()
            assertEquals(1, records.size, records.joinToString { it.message })
            assertEquals(Level.INFO, records[0].level)
            assertEquals("plenigo", records[0].sourceClassName)
            assertTrue(records[0].message.startsWith("$route -> HTTP 503 (attempt 1, "), records[0].message)

            setLogSink(JulLogSink(), LogLevel.DEBUG)
            runBlocking { apps.getCustomerApps(Seeds.CUSTOMER) }
            assertEquals(Level.FINE, records.last().level)
            assertTrue(records.last().message.startsWith("GET /access/app/{customerId} -> HTTP 200 (attempt 1, "), records.last().message)
        } finally {
            logger.removeHandler(handler)
            logger.useParentHandlers = true
            logger.level = previousLevel
        }
    }
}
