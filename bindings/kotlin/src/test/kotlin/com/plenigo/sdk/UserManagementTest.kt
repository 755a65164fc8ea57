package com.plenigo.sdk

import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** External User Management through the generated Kotlin API; effects checked in the sandbox. */
class UserManagementTest {
    private val users = Sandbox.client().users()

    @BeforeEach
    fun reset() = Sandbox.reset()

    @Test
    fun `registers a user with every field and returns the existing ID for a known e-mail`() {
        val id = users.registerUser(
            UserRegistration(
                email = "reader@example.com",
                language = "de",
                externalUserId = "ext-4711",
                firstName = "Ada",
                name = "Lovelace",
            ),
        )
        val customer = Sandbox.customer(id)
        assertEquals("reader@example.com", customer.field("email"))
        assertEquals("de", customer.field("language"))
        assertEquals("ext-4711", customer.field("externalUserId"))
        assertEquals("Ada", customer.field("firstName"))
        assertEquals("Lovelace", customer.field("name"))

        assertEquals(id, users.registerUser(UserRegistration(email = "reader@example.com")))
    }

    @Test
    fun `registering a known e-mail with failByExistingEmail is a conflict`() {
        users.registerUser(UserRegistration(email = "taken@example.com"))
        val error = assertThrows<PlenigoException.Conflict> {
            users.registerUser(UserRegistration(email = "taken@example.com", failByExistingEmail = true))
        }
        assertEquals(409, error.status)
    }

    @Test
    fun `creates a login token the sandbox can redeem, by plenigo and by external ID`() {
        val token = users.createLoginToken(Seeds.CUSTOMER, false)
        val view = Sandbox.loginToken(token)
        assertEquals(Seeds.CUSTOMER, view.field("customerId"))
        assertEquals("false", view.field("redeemed"))

        val id = users.registerUser(UserRegistration(email = "ext@example.com", externalUserId = "ext-1"))
        assertEquals(id, Sandbox.loginToken(users.createLoginToken("ext-1", true)).field("customerId"))
    }

    @Test
    fun `a login token for an unknown customer is not found`() {
        val error = assertThrows<PlenigoException.NotFound> { users.createLoginToken("nobody", false) }
        assertEquals(404, error.status)
        assertEquals(18, error.code)
    }

    @Test
    fun `changes the e-mail address`() {
        users.changeEmail(Seeds.OTHER_CUSTOMER, "testChangeEMail@mail.com", false)
        assertEquals("testChangeEMail@mail.com", Sandbox.customer(Seeds.OTHER_CUSTOMER).field("email"))
    }

    @Test
    fun `changes the postal address, gender upper-cased`() {
        val address = Address(
            gender = "female",
            firstName = "Ada",
            name = "Lovelace",
            street = "Hauptstr. 1",
            additionalAddressInfo = "Hinterhaus",
            postCode = "10115",
            city = "Berlin",
            country = "DE",
        )
        users.changeAddress(Seeds.OTHER_CUSTOMER, address, false)
        val stored = Sandbox.customer(Seeds.OTHER_CUSTOMER).getValue("address")
        assertEquals("FEMALE", stored.field("gender"))
        assertEquals(
            listOf("Ada", "Lovelace", "Hauptstr. 1", "Hinterhaus", "10115", "Berlin", "DE"),
            listOf("firstName", "name", "street", "additionalAddressInfo", "postCode", "city", "country").map { stored.field(it) },
        )
        val request = Sandbox.journal().single()
        assertEquals("PUT", request.field("method"))
        assertEquals("/api/v2/user/${Seeds.OTHER_CUSTOMER}/address", request.field("path"))
        assertEquals("useExternalCustomerId=false", request.field("query"))
    }

    @Test
    fun `changes the address by external ID, with only the gender`() {
        val id = users.registerUser(UserRegistration(email = "address@example.com", externalUserId = "ext-addr"))
        users.changeAddress("ext-addr", Address(gender = " Diverse "), true)
        val stored = Sandbox.customer(id).getValue("address")
        assertEquals("DIVERSE", stored.field("gender"))
        assertNull(stored.field("street"))
        assertNull(stored.field("country"))
    }

    @Test
    fun `an invalid address names gender or country and sends nothing`() {
        val gender = assertThrows<PlenigoException.InvalidInput> {
            users.changeAddress(Seeds.CUSTOMER, Address(gender = "unknown"), false)
        }
        assertEquals("gender", gender.field)
        assertTrue(gender.detail.contains("MALE, FEMALE, DIVERSE"), gender.detail)
        val country = assertThrows<PlenigoException.InvalidInput> {
            users.changeAddress(Seeds.CUSTOMER, Address(gender = "MALE", street = "Hauptstr. 1"), false)
        }
        assertEquals("country", country.field)
        assertEquals(0, Sandbox.journal().size)
        assertEquals(JsonNull, Sandbox.customer(Seeds.CUSTOMER).getValue("address"))
    }

    @Test
    fun `changing the address of an unknown customer is not found`() {
        val error = assertThrows<PlenigoException.NotFound> {
            users.changeAddress("nobody", Address(gender = "MALE", city = "Berlin"), false)
        }
        assertEquals(404, error.status)
        assertEquals(1, Sandbox.journal().size)
    }

    @Test
    fun `imports access IDs that then grant the customer's products`() {
        users.importCustomerAccess(Seeds.CUSTOMER, false, listOf("crm-1", "billing-2"))
        val accessIds = Sandbox.customer(Seeds.CUSTOMER).getValue("accessIds").jsonArray.map { it.jsonPrimitive.content }
        assertEquals(listOf("crm-1", "billing-2"), accessIds)
        assertTrue(users.hasBoughtProduct("billing-2", listOf(Seeds.PRODUCT), false))
    }

    @Test
    fun `adds an external user ID once`() {
        users.addExternalUserId(Seeds.CUSTOMER, "12345")
        assertEquals("12345", Sandbox.customer(Seeds.CUSTOMER).field("externalUserId"))
        assertThrows<PlenigoException.Conflict> { users.addExternalUserId(Seeds.CUSTOMER, "67890") }
    }

    @Test
    fun `has bought product answers true and false`() {
        assertTrue(users.hasBoughtProduct(Seeds.CUSTOMER, listOf(Seeds.PRODUCT), false))
        assertFalse(users.hasBoughtProduct(Seeds.CUSTOMER, listOf(Seeds.UNBOUGHT_PRODUCT), false))
    }

    @Test
    fun `a company outside the closed user group is denied`() {
        Sandbox.company(
            """{"companyId":"OpenCompany","secrets":["open-secret"],"closedUserGroup":false,
               "maxParallelAppAccesses":1,"products":[]}""",
        )
        val open = Sandbox.client(secret = "open-secret", company = "OpenCompany").users()
        val error = assertThrows<PlenigoException.AccessDenied> {
            open.registerUser(UserRegistration(email = "someone@example.com"))
        }
        assertEquals(403, error.status)
        assertEquals(17, error.code)
    }
}
