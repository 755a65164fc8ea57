/*
 * The two workflows of plenigo's documentation, in C.
 *
 *   example [BASE_URL]
 *
 * Without BASE_URL the client uses PLENIGO_BASE_URL from the environment, else
 * https://api.plenigo.com. Run it against a fresh plenigo-sandbox, whose built-in
 * fixture holds the documentation's companies and customers.
 */
#include <stdio.h>
#include <stdlib.h>

#include "plenigo.h"

/* Prints the error of a failed call and frees it; returns the exit code. */
static int report(const char *what, plenigo_status status, plenigo_error *error) {
    char *message = plenigo_error_message(error);
    fprintf(stderr, "%s failed: %s (status %s, HTTP %u, plenigo code %d)\n", what,
            message ? message : "?", plenigo_status_name(status),
            (unsigned)plenigo_error_http_status(error), (int)plenigo_error_plenigo_code(error));
    plenigo_string_free(message);
    plenigo_error_free(error);
    return 1;
}

/* Creates a client for one company, with the base URL given or NULL. */
static plenigo_status open_client(const char *company_id, const char *secret, const char *base_url,
                              plenigo_client **client, plenigo_error **error) {
    plenigo_config config;
    plenigo_config_init(&config, sizeof config);
    config.company_id = company_id;
    config.secret = secret;
    config.base_url = base_url;
    return plenigo_client_new(&config, client, error);
}

/* App Management: token -> customer app -> access check -> list -> delete. */
static int app_management(const char *base_url) {
    plenigo_client *client = NULL;
    plenigo_error *error = NULL;
    plenigo_status status = open_client("23NuCmdPoiRRkQiCqP9Q", "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj",
                                    base_url, &client, &error);
    if (status != PLENIGO_STATUS_OK) return report("plenigo_client_new", status, error);

    int rc = 0;
    plenigo_app_token *token = NULL;
    plenigo_app_data *app = NULL;
    plenigo_app_data_list *apps = NULL;
    bool bought = false;

    status = plenigo_request_app_token(client, "56202510", "RgKUHT78563989856641", "test", &token, &error);
    if (status != PLENIGO_STATUS_OK) { rc = report("request app token", status, error); goto done; }
    printf("app token: customerId=%s token=%s description=%s\n", token->customer_id, token->token,
           token->description);

    status = plenigo_request_app_id(client, "56202510", token->token, &app, &error);
    if (status != PLENIGO_STATUS_OK) { rc = report("request app id", status, error); goto done; }
    printf("customer app: customerId=%s customerAppId=%s productId=%s description=%s\n",
           app->customer_id, app->customer_app_id, app->product_id, app->description);

    status = plenigo_has_user_bought(client, "56202510", "RgKUHT78563989856641",
                                     "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G", &bought, &error);
    if (status != PLENIGO_STATUS_OK) { rc = report("has user bought", status, error); goto done; }
    printf("has user bought: %s\n", bought ? "true" : "false");

    status = plenigo_get_customer_apps(client, "56202510", &apps, &error);
    if (status != PLENIGO_STATUS_OK) { rc = report("get customer apps", status, error); goto done; }
    for (size_t i = 0; i < apps->len; i++)
        printf("customer app %zu: %s (%s)\n", i, apps->items[i].customer_app_id, apps->items[i].description);

    status = plenigo_delete_customer_app(client, "56202510", app->customer_app_id, &error);
    if (status != PLENIGO_STATUS_OK) { rc = report("delete customer app", status, error); goto done; }
    printf("deleted %s\n", app->customer_app_id);

done:
    plenigo_app_data_list_free(apps);
    plenigo_app_data_free(app);
    plenigo_app_token_free(token);
    plenigo_client_free(client);
    return rc;
}

/* External User Management: register a user, then log them in with a login token. */
static int user_management(const char *base_url) {
    plenigo_client *client = NULL;
    plenigo_error *error = NULL;
    plenigo_status status = open_client("12NuCmdZUTRRkQiCqP2Q", "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj",
                                    base_url, &client, &error);
    if (status != PLENIGO_STATUS_OK) return report("plenigo_client_new", status, error);

    int rc = 0;
    char *customer_id = NULL;
    char *login_token = NULL;
    status = plenigo_register_user(client, "testAddNewUser@mail.com", "en", "A1BKAFZZ3H0H", "new", "user",
                                   false, false, &customer_id, &error);
    if (status != PLENIGO_STATUS_OK) { rc = report("register user", status, error); goto done; }
    printf("registered customer %s\n", customer_id);

    status = plenigo_create_login_token(client, customer_id, false, &login_token, &error);
    if (status != PLENIGO_STATUS_OK) { rc = report("create login token", status, error); goto done; }
    printf("login token: %s\n", login_token);

done:
    plenigo_string_free(login_token);
    plenigo_string_free(customer_id);
    plenigo_client_free(client);
    return rc;
}

int main(int argc, char **argv) {
    const char *base_url = argc > 1 ? argv[1] : NULL;
    int rc = app_management(base_url);
    if (rc == 0) rc = user_management(base_url);
    return rc;
}
