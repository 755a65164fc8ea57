package com.plenigo.sdk

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The checkout snippet through Kotlin: the seeds' use case end to end, rules, hostile values. */
class CheckoutTest {
    @BeforeEach
    fun reset() = Sandbox.reset()

    private val options = CheckoutOptions()

    @Test
    fun `the seeds' use case - register, login token, snippet verified and the token redeemed once`() {
        val client = PlenigoClient(Sandbox.config().copy(testMode = true))
        val customerId = client.users().registerUser(
            UserRegistration(email = "checkout@example.com", firstName = "new", name = "customer"),
        )
        val loginToken = client.users().createLoginToken(customerId, false)

        val code = client.checkoutSnippet(Product(productId = Seeds.UNBOUGHT_PRODUCT), CheckoutOptions(loginToken = loginToken))

        assertTrue(code.startsWith("plenigo.checkoutWithRemoteLogin("), code)
        val call = runInNode(code)
        assertEquals("remote", call.field("f"))
        val o = call.getValue("o").jsonObject
        assertEquals(loginToken, o.field("loginToken"))
        assertEquals("false", o.field("startWithRegistration"))
        val claims = Sandbox.verifyPaymentData(o.field("paymentData")!!)
        assertEquals(
            JsonObject(
                mapOf(
                    "pi" to JsonPrimitive(Seeds.UNBOUGHT_PRODUCT),
                    "ts" to JsonPrimitive(true),
                    "aud" to JsonPrimitive("plenigo"),
                ),
            ),
            claims,
        )
        assertEquals(200, Sandbox.redeemLoginToken(loginToken))
        assertEquals(409, Sandbox.redeemLoginToken(loginToken))
    }

    @Test
    fun `product fields and options reach the snippet`() {
        val product = Product(
            productId = Seeds.UNBOUGHT_PRODUCT,
            title = "Weekend edition",
            price = 12.99,
            currency = "eur",
            productType = "NEWSPAPER",
            shippingCost = 3.5,
        )
        val code = Sandbox.client().checkoutSnippet(
            product,
            CheckoutOptions(startWithRegistration = true, targetUrl = "https://shop.example/thanks?a=1&b=2"),
        )

        val call = runInNode(code)
        assertEquals("checkout", call.field("f"))
        val o = call.getValue("o").jsonObject
        assertEquals("true", o.field("startWithRegistration"))
        assertEquals("https://shop.example/thanks?a=1&b=2", o.field("targetUrl"))
        assertFalse("loginToken" in o)
        val claims = Sandbox.verifyPaymentData(o.field("paymentData")!!)
        assertEquals("Weekend edition", claims.field("ti"))
        assertEquals("12.99", claims.field("pr"))
        assertEquals("EUR", claims.field("cu"))
        assertEquals("NEWSPAPER", claims.field("pt"))
        assertEquals("3.5", claims.field("sc"))
        assertFalse("ts" in claims, "live mode marks no test")
    }

    @Test
    fun `a rule violation is InvalidInput naming the field`() {
        val client = Sandbox.client()
        val cases = listOf(
            "product_id" to { client.checkoutSnippet(Product(productId = "x".repeat(21)), options) },
            "shipping_cost" to {
                client.checkoutSnippet(
                    Product(productId = Seeds.UNBOUGHT_PRODUCT, productType = "EBOOK", shippingCost = 2.0),
                    options,
                )
            },
            "currency" to { client.checkoutSnippet(Product(productId = Seeds.UNBOUGHT_PRODUCT, currency = "EURO"), options) },
            "login_token" to {
                client.checkoutSnippet(Product(productId = Seeds.UNBOUGHT_PRODUCT), CheckoutOptions(loginToken = ""))
            },
        )
        for ((field, call) in cases) {
            val error = assertThrows<PlenigoException.InvalidInput>(field) { call() }
            assertEquals(field, error.field)
            assertEquals(ErrorKind.INVALID_INPUT, error.kind())
            assertTrue(error.toString().contains(field), error.toString())
        }
    }

    @Test
    fun `quotes, angle brackets, ampersands and newlines stay inside the strings`() {
        val hostile = "\"><script>alert('x')</script>&amp;\n\r\t\\' </button> é"
        val code = Sandbox.client().checkoutSnippet(
            Product(productId = Seeds.UNBOUGHT_PRODUCT, title = hostile),
            CheckoutOptions(loginToken = "tok-1", affiliateId = "a\"<&>"),
        )

        for (raw in listOf("\"", "<", ">", "&", "\n")) {
            assertFalse(code.contains(raw), "raw $raw in $code")
        }
        val o = runInNode(code).getValue("o").jsonObject
        assertEquals("a\"<&>", o.field("affiliateId"))
        assertEquals(hostile, Sandbox.verifyPaymentData(o.field("paymentData")!!).field("ti"))
        val page = "<button onclick=\"$code\">Special offer for you</button>"
        assertEquals(2, page.count { it == '"' })
    }
}
