package com.plenigo.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** App Management through the generated Kotlin API, against the sandbox's seed data. */
class AppManagementTest {
    private val apps = Sandbox.client().apps()

    @BeforeEach
    fun reset() = Sandbox.reset()

    @Test
    fun `requests an app token and exchanges it for a reusable customer app ID`() {
        val token = apps.requestAppToken(Seeds.CUSTOMER, Seeds.PRODUCT, "reader app")
        assertEquals(Seeds.CUSTOMER, token.customerId)
        assertEquals("reader app", token.description)
        assertTrue(token.token.isNotEmpty())

        val access = apps.requestAppId(Seeds.CUSTOMER, token.token)
        assertEquals(AppAccessData(Seeds.CUSTOMER, access.customerAppId, Seeds.PRODUCT, "reader app"), access)
        assertTrue(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, access.customerAppId))
        assertTrue(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, access.customerAppId), "reusable")

        val reused = assertThrows<PlenigoException.TokenProblem> { apps.requestAppId(Seeds.CUSTOMER, token.token) }
        assertEquals(403, reused.status)
        assertEquals(13, reused.code)
    }

    @Test
    fun `exchanges the seeds' unused app token`() {
        val access = apps.requestAppId(Seeds.CUSTOMER, Seeds.APP_TOKEN)
        assertEquals(Seeds.PRODUCT, access.productId)
        assertEquals("test", access.description)
    }

    @Test
    fun `has user bought answers true for the seeds' app and false for a product not bought`() {
        assertTrue(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP))
        assertFalse(apps.hasUserBought(Seeds.CUSTOMER, Seeds.UNBOUGHT_PRODUCT, Seeds.CUSTOMER_APP))
        assertEquals(listOf(200, 403), Sandbox.journal().map { it.field("status")?.toInt() })
    }

    @Test
    fun `lists and deletes customer apps`() {
        val listed = apps.getCustomerApps(Seeds.CUSTOMER)
        assertEquals(listOf(AppAccessData(Seeds.CUSTOMER, Seeds.CUSTOMER_APP, Seeds.PRODUCT, "test")), listed)

        apps.deleteCustomerApp(Seeds.CUSTOMER, Seeds.CUSTOMER_APP)
        assertEquals(emptyList<AppAccessData>(), apps.getCustomerApps(Seeds.CUSTOMER))

        val again = assertThrows<PlenigoException.NotFound> { apps.deleteCustomerApp(Seeds.CUSTOMER, Seeds.CUSTOMER_APP) }
        assertEquals(404, again.status)
        assertEquals(19, again.code)
    }

    @Test
    fun `an app token for a product the customer has not bought fails its precondition`() {
        val error = assertThrows<PlenigoException.PreconditionFailed> {
            apps.requestAppToken(Seeds.CUSTOMER, Seeds.UNBOUGHT_PRODUCT, "x")
        }
        assertEquals(412, error.httpStatus())
        assertEquals(11, error.plenigoCode())
    }
}
