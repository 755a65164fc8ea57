// The seeds' two workflows with the plenigo Kotlin package, printing each step: App Management
// through the `suspend fun`s (as in a Ktor or WebFlux handler), User Management blocking.
//
// Against a sandbox: PLENIGO_BASE_URL=http://127.0.0.1:PORT (the seeds' companies are built in).
// Against plenigo: PLENIGO_COMPANY_ID, PLENIGO_SECRET (and optionally PLENIGO_BASE_URL).

import com.plenigo.sdk.Address
import com.plenigo.sdk.Config
import com.plenigo.sdk.PlenigoClient
import com.plenigo.sdk.PlenigoException
import com.plenigo.sdk.Secret
import com.plenigo.sdk.UserRegistration
import kotlinx.coroutines.runBlocking

/** A client from the environment's credentials, else the seeds' company and [seedSecret]. */
fun client(seedSecret: String): PlenigoClient = PlenigoClient(
    Config(
        companyId = System.getenv("PLENIGO_COMPANY_ID") ?: "23NuCmdPoiRRkQiCqP9Q",
        secret = Secret(System.getenv("PLENIGO_SECRET") ?: seedSecret),
    ),
)

/** App Management, suspending: token, customer app ID, access check, listing, removal. */
suspend fun appManagement(client: PlenigoClient) {
    val apps = client.appsAsync()
    val customerId = "56202510"
    val productId = "RgKUHT78563989856641"

    val token = apps.requestAppToken(customerId, productId, "test")
    println("1. app token: $token")
    val access = apps.requestAppId(customerId, token.token)
    println("2. customer app: $access")
    println("3. has user bought $productId: ${apps.hasUserBought(customerId, productId, access.customerAppId)}")
    println("4. customer apps: ${apps.getCustomerApps(customerId).map { it.customerAppId }}")
    apps.deleteCustomerApp(customerId, access.customerAppId)
    println("5. deleted ${access.customerAppId}; left: ${apps.getCustomerApps(customerId).map { it.customerAppId }}")
}

/** External User Management: register, login token, e-mail and address change, access IDs, external ID. */
fun userManagement(client: PlenigoClient) {
    val users = client.users()
    val customerId = users.registerUser(
        UserRegistration(
            email = "testAddNewUser@mail.com",
            language = "en",
            externalUserId = "A1BKAFZZ3H0H",
            firstName = "new",
            name = "user",
        ),
    )
    println("1. registered customer $customerId")
    println("2. login token for the checkout: ${users.createLoginToken(customerId, false)}")
    users.changeEmail("A1BKAFZZ3H0H", "testChangeEMail@mail.com", true)
    println("3. changed the e-mail address of external user A1BKAFZZ3H0H")
    val address = Address(gender = "female", street = "Hauptstr. 1", postCode = "10115", city = "Berlin", country = "DE")
    users.changeAddress(customerId, address, false)
    println("4. changed the postal address of $customerId: $address")
    users.importCustomerAccess("56202510", false, listOf("12345"))
    println("5. gave customer 56202510 the extra access ID 12345")
    println("6. has 12345 bought RgKUHT78563989856641: ${users.hasBoughtProduct("12345", listOf("RgKUHT78563989856641"), false)}")
    try {
        users.addExternalUserId("56202510", "EXT-56202510")
        println("7. added external user ID EXT-56202510 to 56202510")
    } catch (e: PlenigoException.Conflict) {
        println("7. 56202510 already has an external user ID: $e")
    }
}

fun main() = runBlocking {
    client("QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj").use { client ->
        println("App Management against ${client.baseUrl()}")
        appManagement(client)
    }
    client("Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj").use { client ->
        println("External User Management against ${client.baseUrl()}")
        userManagement(client)
    }
}
