package com.plenigo.sdk

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

/**
 * Log lines through `setLogSink`: a retried request, without secrets; `JulLogSink`; off again;
 * a sink that throws is ignored.
 */
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

    @ParameterizedTest(name = "throwing {0}")
    @ValueSource(strings = [RUNTIME_EXCEPTION, LOG_SINK_EXCEPTION])
    fun `a sink that throws never fails a call nor changes its result`(failure: String) {
        val sink = ThrowingSink(failure)
        setLogSink(sink, LogLevel.TRACE)
        val client = Sandbox.client()
        val stderr = ByteArrayOutputStream()
        val previous = System.err
        System.setErr(PrintStream(stderr, true))
        val (token, asyncToken) = try {
            client.users().createLoginToken(Seeds.CUSTOMER, false) to
                runBlocking { client.usersAsync().createLoginToken(Seeds.OTHER_CUSTOMER, false) }
        } finally {
            System.setErr(previous)
        }
        assertEquals(Seeds.CUSTOMER, Sandbox.loginToken(token).field("customerId"))
        assertEquals(Seeds.OTHER_CUSTOMER, Sandbox.loginToken(asyncToken).field("customerId"))
        assertEquals(listOf("200", "200"), Sandbox.journal().map { it.field("status") }, "one request per call")
        assertTrue(sink.calls.get() >= 2, "the sink was called ${sink.calls.get()} times")
        assertEquals("", stderr.toString(), "nothing on System.err")
    }

    @ParameterizedTest(name = "throwing {0}")
    @ValueSource(strings = [RUNTIME_EXCEPTION, LOG_SINK_EXCEPTION])
    fun `a sink that throws prints nothing on the process's stderr`(failure: String) {
        // Rust would print a panic to file descriptor 2, which System.err does not see: a child JVM's is read whole.
        val out = File.createTempFile("plenigo-child", ".out").apply { deleteOnExit() }
        val err = File.createTempFile("plenigo-child", ".err").apply { deleteOnExit() }
        val java = File(System.getProperty("java.home"), "bin/java").path
        val child = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ThrowingSinkCall::class.java.name, failure)
            .redirectOutput(out)
            .redirectError(err)
            .apply { environment()["PLENIGO_SANDBOX_URL"] = Sandbox.url }
            .start()
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish")
        assertEquals(0, child.exitValue(), err.readText())
        val (token, asyncToken, calls) = out.readLines()
        assertEquals(Seeds.CUSTOMER, Sandbox.loginToken(token).field("customerId"))
        assertEquals(Seeds.OTHER_CUSTOMER, Sandbox.loginToken(asyncToken).field("customerId"))
        assertEquals(listOf("200", "200"), Sandbox.journal().map { it.field("status") }, "one request per call")
        assertTrue(calls.toInt() >= 2, "the sink was called $calls times")
        assertEquals("", err.readText(), "nothing on file descriptor 2")
    }
}

private const val RUNTIME_EXCEPTION = "RuntimeException"
private const val LOG_SINK_EXCEPTION = "LogSinkException.Failed"

/**
 * The child JVM of the stderr test: a sink that throws the exception named by the argument at
 * TRACE, a blocking and a suspending `createLoginToken`; prints both tokens and the number of
 * sink calls, one a line.
 */
object ThrowingSinkCall {
    @JvmStatic
    fun main(args: Array<String>) {
        val sink = ThrowingSink(args.single())
        setLogSink(sink, LogLevel.TRACE)
        val client = Sandbox.client()
        println(client.users().createLoginToken(Seeds.CUSTOMER, false))
        println(runBlocking { client.usersAsync().createLoginToken(Seeds.OTHER_CUSTOMER, false) })
        println(sink.calls.get())
    }
}

/** A log sink that counts its calls, then throws the exception named [failure]. */
private class ThrowingSink(private val failure: String) : LogSink {
    val calls = AtomicInteger()
    override fun log(level: LogLevel, target: String, message: String) {
        calls.incrementAndGet()
        throw when (failure) {
            LOG_SINK_EXCEPTION -> LogSinkException.Failed("the sink broke")
            else -> RuntimeException("the sink broke")
        }
    }
}
