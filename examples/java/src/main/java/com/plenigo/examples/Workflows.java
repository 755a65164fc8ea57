// The seeds' two workflows in plain Java with the plenigo SDK, printing each step.
//
// Against a sandbox: PLENIGO_BASE_URL=http://127.0.0.1:PORT (the seeds' companies are built in).
// Against plenigo: PLENIGO_COMPANY_ID, PLENIGO_SECRET (and optionally PLENIGO_BASE_URL).
package com.plenigo.examples;

import com.plenigo.sdk.AppAccessData;
import com.plenigo.sdk.AppAccessToken;
import com.plenigo.sdk.AppManagement;
import com.plenigo.sdk.Config;
import com.plenigo.sdk.ConfigBuilder;
import com.plenigo.sdk.PlenigoClient;
import com.plenigo.sdk.PlenigoException;
import com.plenigo.sdk.UserManagement;
import com.plenigo.sdk.UserRegistration;
import java.util.List;

public final class Workflows {
    private Workflows() {}

    /** A client from the environment's credentials, else the seeds' company and {@code seedSecret}. */
    static PlenigoClient client(String seedSecret) {
        String companyId = System.getenv().getOrDefault("PLENIGO_COMPANY_ID", "23NuCmdPoiRRkQiCqP9Q");
        String secret = System.getenv().getOrDefault("PLENIGO_SECRET", seedSecret);
        // Java cannot use Config's default arguments: ConfigBuilder sets only what differs.
        Config config = new ConfigBuilder(companyId, secret)
                .baseUrl(System.getenv("PLENIGO_BASE_URL"))   // null: plenigo's API
                .maxRetries(2)
                .build();
        return new PlenigoClient(config);
    }

    /** App Management, blocking: token, customer app ID, access check, listing, removal. */
    static void appManagement(PlenigoClient client) throws PlenigoException {
        AppManagement apps = client.apps();
        String customerId = "56202510";
        String productId = "RgKUHT78563989856641";

        AppAccessToken token = apps.requestAppToken(customerId, productId, "test");
        System.out.println("1. app token: " + token);
        AppAccessData access = apps.requestAppId(customerId, token.getToken());
        System.out.println("2. customer app: " + access);
        boolean bought = apps.hasUserBought(customerId, productId, access.getCustomerAppId());
        System.out.println("3. has user bought " + productId + ": " + bought);
        if (!bought) {
            throw new IllegalStateException("the new customer app should have access");
        }
        System.out.println("4. customer apps: " + apps.getCustomerApps(customerId).size());
        apps.deleteCustomerApp(customerId, access.getCustomerAppId());
        System.out.println("5. deleted " + access.getCustomerAppId());
        try {
            apps.deleteCustomerApp(customerId, access.getCustomerAppId());
            throw new IllegalStateException("deleting it twice should fail");
        } catch (PlenigoException.NotFound e) {
            System.out.println("6. deleting it again: HTTP " + e.httpStatus() + ", " + e);
        }
    }

    /** External User Management: register, login token, access check. */
    static void userManagement(PlenigoClient client) throws PlenigoException {
        UserManagement users = client.users();
        String customerId = users.registerUser(
                new UserRegistration("java-example@mail.com", "en", "JAVA-1", "new", "user", false, false));
        System.out.println("1. registered customer " + customerId);
        System.out.println("2. login token for the checkout: " + users.createLoginToken(customerId, false));
        users.importCustomerAccess("56202510", false, List.of("12345"));
        System.out.println("3. gave customer 56202510 the extra access ID 12345");
        System.out.println("4. has 12345 bought RgKUHT78563989856641: "
                + users.hasBoughtProduct("12345", List.of("RgKUHT78563989856641"), false));
        try {
            users.registerUser(new UserRegistration("not an e-mail", "en", null, null, null, false, false));
            throw new IllegalStateException("an invalid e-mail should be refused");
        } catch (PlenigoException.InvalidInput e) {
            System.out.println("5. refused before any request: field " + e.getField() + ": " + e.getDetail());
        }
    }

    // The generated methods declare `throws PlenigoException` (a checked exception in Java).
    public static void main(String[] args) throws PlenigoException {
        try (PlenigoClient client = client("QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj")) {
            System.out.println("App Management against " + client.baseUrl());
            appManagement(client);
        }
        try (PlenigoClient client = client("Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj")) {
            System.out.println("External User Management against " + client.baseUrl());
            userManagement(client);
        }
    }
}
