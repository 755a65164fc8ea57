package com.plenigo.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource

/**
 * How failures reach Kotlin: one exception subtype per kind, each with the same fields (field,
 * status, code, detail, outcomeUnknown, humanMessage); `toString()` is the human message.
 */
class ErrorsTest {
    @BeforeEach
    fun reset() = Sandbox.reset()

    /** Fails the next customer-apps call with [status] and returns what the SDK threw. */
    private fun failWith(status: Int): PlenigoException {
        Sandbox.fault("""{"method":"GET","path":"/api/v2/access/app/","status":$status}""")
        return assertThrows<PlenigoException> { Sandbox.client().apps().getCustomerApps(Seeds.CUSTOMER) }
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @MethodSource("statuses")
    fun `every HTTP failure maps to its own exception subtype`(
        status: Int,
        type: Class<out PlenigoException>,
        kind: ErrorKind,
        code: Int,
    ) {
        val error = failWith(status)
        assertInstanceOf(type, error)
        assertEquals(kind, error.kind())
        assertEquals(status, error.httpStatus())
        assertEquals(code, error.plenigoCode())
        assertFalse(error.outcomeUnknown())
        // The fields agree with the methods on every subtype.
        assertNull(error.get("field"))
        assertEquals(status, error.get("status"))
        assertEquals(code, error.get("code"))
        assertEquals(false, error.get("outcomeUnknown"))
        assertEquals(error.toString(), error.get("humanMessage"))
        assertTrue(error.toString().contains("(HTTP $status): "), error.toString())
        assertTrue(error.toString().endsWith(": ${error.get("detail")}"), error.toString())
    }

    @Test
    fun `one subtype per kind, each with the same fields`() {
        val subtypes = PlenigoException::class.java.declaredClasses.filter { PlenigoException::class.java.isAssignableFrom(it) }
        assertEquals(
            ErrorKind.entries.map { it.name.replace("_", "") }.sorted(),
            subtypes.map { it.simpleName.uppercase() }.sorted(),
        )
        val getters = setOf("getField", "getStatus", "getCode", "getDetail", "getOutcomeUnknown", "getHumanMessage", "getMessage")
        for (subtype in subtypes) {
            assertEquals(getters, subtype.declaredMethods.map { it.name }.filter { it.startsWith("get") }.toSet(), subtype.name)
        }
    }

    @Test
    fun `toString() gives the human message, message the fields`() {
        val error = failWith(404) as PlenigoException.NotFound
        assertEquals("not found (HTTP 404): ${error.detail}", error.toString())
        assertEquals(error.humanMessage, error.toString())
        assertEquals(
            "field=null, status=404, code=19, detail=${error.detail}, outcomeUnknown=false, humanMessage=${error.humanMessage}",
            error.message,
        )
        assertTrue(error.stackTraceToString().startsWith(error.toString()))
    }

    @Test
    fun `a wrong secret is unauthorized and never printed`() {
        val wrong = "WrongSecretWrongSecretWrongSecret123"
        val error = assertThrows<PlenigoException.Unauthorized> {
            Sandbox.client(secret = wrong).users().createLoginToken(Seeds.CUSTOMER, false)
        }
        assertEquals(401, error.status)
        assertEquals(4, error.code)
        for (text in listOf(error.toString(), error.message.orEmpty(), error.detail, error.stackTraceToString())) {
            assertFalse(text.contains(wrong), text)
            assertFalse(text.contains(Seeds.SECRET), text)
        }
    }

    @Test
    fun `a dropped connection is a network error`() {
        Sandbox.fault("""{"path":"/api/v2/access/app/","reset":true}""")
        val error = assertThrows<PlenigoException.Network> { Sandbox.client().apps().getCustomerApps(Seeds.CUSTOMER) }
        assertEquals(ErrorKind.NETWORK, error.kind())
        assertNull(error.httpStatus())
        assertEquals(5, error.plenigoCode())
    }

    @Test
    fun `a slow answer is a timeout`() {
        Sandbox.fault("""{"path":"/api/v2/access/app/","delayMs":2000}""")
        val client = PlenigoClient(Sandbox.config(requestTimeoutMs = 200))
        val error = assertThrows<PlenigoException.Timeout> { client.apps().getCustomerApps(Seeds.CUSTOMER) }
        assertEquals(5, error.plenigoCode())
    }

    @Test
    fun `an unreadable answer is an invalid response`() {
        Sandbox.fault("""{"path":"/api/v2/access/app/","status":200,"body":"<html>proxy</html>","contentType":"text/html"}""")
        val error = assertThrows<PlenigoException.InvalidResponse> { Sandbox.client().apps().getCustomerApps(Seeds.CUSTOMER) }
        assertEquals(200, error.httpStatus())
    }

    /** A field of [this] by its Kotlin name: each subtype declares them (the sealed base does not). */
    private fun PlenigoException.get(name: String): Any? =
        javaClass.getMethod("get" + name.replaceFirstChar { it.uppercase() }).invoke(this)

    companion object {
        @JvmStatic
        fun statuses(): List<Arguments> = listOf(
            Arguments.of(400, PlenigoException.BadRequest::class.java, ErrorKind.BAD_REQUEST, 1),
            Arguments.of(401, PlenigoException.Unauthorized::class.java, ErrorKind.UNAUTHORIZED, 4),
            Arguments.of(404, PlenigoException.NotFound::class.java, ErrorKind.NOT_FOUND, 19),
            Arguments.of(409, PlenigoException.Conflict::class.java, ErrorKind.CONFLICT, 1),
            Arguments.of(412, PlenigoException.PreconditionFailed::class.java, ErrorKind.PRECONDITION_FAILED, 11),
            Arguments.of(423, PlenigoException.LimitReached::class.java, ErrorKind.LIMIT_REACHED, 12),
            Arguments.of(500, PlenigoException.Server::class.java, ErrorKind.SERVER, 10),
            Arguments.of(503, PlenigoException.Server::class.java, ErrorKind.SERVER, 0),
            Arguments.of(418, PlenigoException.InvalidResponse::class.java, ErrorKind.INVALID_RESPONSE, 0),
        )
    }
}
