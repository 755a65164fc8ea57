/*
 * Tests of the C ABI against plenigo-sandbox: the documentation's workflows with every
 * returned value checked, and the error paths (wrong secret, HTTP errors, invalid input,
 * NULL and non-UTF-8 arguments).
 *
 *   plenigo_test BASE_URL [TLS_BASE_URL CA_PEM_FILE]   (or PLENIGO_BASE_URL in the environment)
 *
 * With a TLS sandbox (plenigo-sandbox --tls) and its CA certificate file it also tests
 * extra trusted root certificates.
 *
 * Resets the sandbox first. Ends with "N passed, N failed"; exits non-zero on a failure.
 */
#define _POSIX_C_SOURCE 200112L
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "plenigo.h"

#define COMPANY "23NuCmdPoiRRkQiCqP9Q"
#define SECRET "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj"
#define SECRET2 "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj"
#define COMPANY2 "12NuCmdZUTRRkQiCqP2Q"
#define CUSTOMER "56202510"
#define PRODUCT "RgKUHT78563989856641"
#define OTHER_PRODUCT "EgLUrT56328991046641"
#define FIXTURE_APP "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
#define FIXTURE_TOKEN "6176437516"

static int passed, failed;
static const char *base_url;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);      \
        }                                                                        \
    } while (0)

#define CHECK_STR(actual, expected) CHECK((actual) != NULL && strcmp((actual), (expected)) == 0)

/*
 * Sends a request to an admin endpoint of the sandbox (plain HTTP/1.0 on loopback) and
 * returns the HTTP status (0 when there was no answer); `body`, when not NULL, receives the
 * answer's body (NUL-terminated, cut at `body_size`).
 */
static int sandbox_request(const char *method, const char *path, char *body, size_t body_size) {
    char host[256], port[16];
    if (body) body[0] = '\0';
    if (sscanf(base_url, "http://%255[^:/]:%15[0-9]", host, port) != 2) return 0;
    struct addrinfo hints = {0}, *addr = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &addr) != 0) return 0;
    int fd = socket(addr->ai_family, addr->ai_socktype, addr->ai_protocol);
    bool ok = fd >= 0 && connect(fd, addr->ai_addr, addr->ai_addrlen) == 0;
    freeaddrinfo(addr);
    char answer[16384];
    size_t got = 0;
    if (ok) {
        int n = snprintf(answer, sizeof answer, "%s %s HTTP/1.0\r\nHost: %s\r\nContent-Length: 0\r\n\r\n",
                         method, path, host);
        ok = write(fd, answer, (size_t)n) == n;
    }
    /* HTTP/1.0: the sandbox closes the connection after the answer. */
    while (ok && got < sizeof answer - 1) {
        ssize_t n = read(fd, answer + got, sizeof answer - 1 - got);
        if (n <= 0) break;
        got += (size_t)n;
    }
    if (fd >= 0) close(fd);
    answer[got] = '\0';
    int status = 0;
    if (sscanf(answer, "HTTP/1.%*d %d", &status) != 1) return 0;
    const char *start = strstr(answer, "\r\n\r\n");
    if (body && start) snprintf(body, body_size, "%s", start + 4);
    return status;
}

/* POSTs to an admin endpoint of the sandbox; true on 200. */
static bool sandbox_post(const char *path) {
    return sandbox_request("POST", path, NULL, 0) == 200;
}

/* A client for `company` with `secret`, or NULL (counted as a failure). */
static plenigo_client *client_for(const char *company, const char *secret) {
    plenigo_config config;
    plenigo_client *client = NULL;
    CHECK(plenigo_config_init(&config, sizeof config) == PLENIGO_STATUS_OK);
    config.company_id = company;
    config.secret = secret;
    config.base_url = base_url;
    config.max_retries = 0;
    CHECK(plenigo_client_new(&config, &client, NULL) == PLENIGO_STATUS_OK);
    return client;
}

/*
 * Checks a failed call's status and error: the status matches, the error object agrees,
 * the HTTP status and plenigo code are as expected, the message contains `needle` and
 * never a secret. Frees the error.
 */
static void check_error(plenigo_status status, plenigo_error *error, plenigo_status expected,
                        unsigned http, int code, const char *needle) {
    CHECK(status == expected);
    CHECK(error != NULL);
    CHECK(plenigo_error_status(error) == expected);
    CHECK(plenigo_error_http_status(error) == http);
    CHECK(plenigo_error_plenigo_code(error) == code);
    char *message = plenigo_error_message(error);
    CHECK(message != NULL && strstr(message, needle) != NULL);
    CHECK(message != NULL && strstr(message, SECRET) == NULL && strstr(message, SECRET2) == NULL);
    if (status != expected || (message && !strstr(message, needle)))
        fprintf(stderr, "  got %s: %s\n", plenigo_status_name(status), message ? message : "(null)");
    plenigo_string_free(message);
    plenigo_error_free(error);
}

/* The header's statuses with their names. */
#define STATUS(kind) {PLENIGO_STATUS_##kind, "PLENIGO_STATUS_" #kind}
static const struct {
    plenigo_status status;
    const char *name;
} statuses[] = {
    STATUS(OK), STATUS(INVALID_INPUT), STATUS(BAD_REQUEST), STATUS(UNAUTHORIZED),
    STATUS(ACCESS_DENIED), STATUS(TOKEN_PROBLEM), STATUS(NOT_FOUND), STATUS(CONFLICT),
    STATUS(PRECONDITION_FAILED), STATUS(LIMIT_REACHED), STATUS(SERVER), STATUS(TIMEOUT),
    STATUS(NETWORK), STATUS(INVALID_RESPONSE), STATUS(NULL_POINTER), STATUS(INVALID_UTF8),
    STATUS(PANIC),
};
#define STATUS_COUNT (sizeof statuses / sizeof statuses[0])

static void test_statuses_and_null_safety(void) {
    /* Every number the library names is the header's constant of that name, and every
     * constant is named. */
    size_t named = 0;
    for (uint32_t number = 0; number <= 200; number++) {
        const char *name = plenigo_status_name(number);
        if (!name) continue;
        named++;
        size_t i = 0;
        while (i < STATUS_COUNT && strcmp(statuses[i].name, name) != 0) i++;
        CHECK(i < STATUS_COUNT && statuses[i].status == number);
        if (i == STATUS_COUNT || statuses[i].status != number)
            fprintf(stderr, "  the library names %u %s\n", (unsigned)number, name);
    }
    CHECK(named == STATUS_COUNT);
    for (size_t i = 0; i < STATUS_COUNT; i++) CHECK_STR(plenigo_status_name(statuses[i].status), statuses[i].name);
    CHECK(plenigo_status_name(9999) == NULL);
    CHECK(PLENIGO_STATUS_OK == 0 && PLENIGO_STATUS_INVALID_INPUT == 1 && PLENIGO_STATUS_NULL_POINTER == 100);
    /* Accessors and free functions take NULL. */
    CHECK(plenigo_error_status(NULL) == PLENIGO_STATUS_NULL_POINTER);
    CHECK(plenigo_error_http_status(NULL) == 0);
    CHECK(plenigo_error_message(NULL) == NULL);
    CHECK(!plenigo_error_outcome_unknown(NULL));
    plenigo_error_free(NULL);
    plenigo_string_free(NULL);
    plenigo_app_token_free(NULL);
    plenigo_app_data_free(NULL);
    plenigo_app_data_list_free(NULL);
    plenigo_client_free(NULL);
    CHECK(plenigo_config_init(NULL, sizeof(plenigo_config)) == PLENIGO_STATUS_NULL_POINTER);
}

static void test_config_errors(void) {
    plenigo_config config;
    plenigo_client *client = NULL;
    plenigo_error *error = NULL;
    plenigo_status status;

    status = plenigo_client_new(NULL, &client, &error);
    check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, "config");

    plenigo_config_init(&config, sizeof config);
    CHECK(config.connect_timeout_ms == 10000 && config.request_timeout_ms == 10000 && config.max_retries == 2);
    CHECK(config.company_id == NULL && config.base_url == NULL && !config.test_mode);
    config.secret = SECRET;
    error = NULL;
    status = plenigo_client_new(&config, &client, &error);
    check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, "company_id");

    config.company_id = "";
    config.base_url = base_url;
    error = NULL;
    status = plenigo_client_new(&config, &client, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "company_id");

    config.company_id = COMPANY;
    config.secret = "secret-\xff\xfe";
    error = NULL;
    status = plenigo_client_new(&config, &client, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_UTF8, 0, 1, "secret");

    config.secret = SECRET;
    config.base_url = "http://api.example.com";
    error = NULL;
    status = plenigo_client_new(&config, &client, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "base_url");

    config.base_url = base_url;
    error = NULL;
    status = plenigo_client_new(&config, NULL, &error);
    check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, "client_out");
    CHECK(client == NULL); /* never written on failure */

    /* A NULL error_out is allowed: only the status comes back. */
    config.company_id = NULL;
    CHECK(plenigo_client_new(&config, &client, NULL) == PLENIGO_STATUS_NULL_POINTER);

    config.company_id = COMPANY;
    CHECK(plenigo_client_new(&config, &client, NULL) == PLENIGO_STATUS_OK);
    char *url = NULL;
    CHECK(plenigo_client_base_url(client, &url, NULL) == PLENIGO_STATUS_OK);
    CHECK(url != NULL && strncmp(url, base_url, strlen(base_url)) == 0); /* may end in "/" */
    plenigo_string_free(url);
    plenigo_client_free(client);
}

static void test_app_management(void) {
    plenigo_client *client = client_for(COMPANY, SECRET);
    plenigo_error *error = NULL;
    plenigo_app_token *token = NULL;
    plenigo_app_data *app = NULL;
    plenigo_app_data_list *apps = NULL;
    bool bought = false;

    /* Request an access token. */
    CHECK(plenigo_request_app_token(client, CUSTOMER, PRODUCT, "test", &token, &error) == PLENIGO_STATUS_OK);
    CHECK(error == NULL);
    CHECK(token != NULL);
    if (!token) return;
    CHECK_STR(token->customer_id, CUSTOMER);
    CHECK_STR(token->description, "test");
    CHECK(token->token != NULL && strlen(token->token) > 0 && strcmp(token->token, FIXTURE_TOKEN) != 0);

    /* Exchange it for a customer app. */
    CHECK(plenigo_request_app_id(client, CUSTOMER, token->token, &app, &error) == PLENIGO_STATUS_OK);
    CHECK(app != NULL);
    if (!app) return;
    CHECK_STR(app->customer_id, CUSTOMER);
    CHECK_STR(app->product_id, PRODUCT);
    CHECK_STR(app->description, "test");
    CHECK(app->customer_app_id != NULL && strlen(app->customer_app_id) > 0);

    /* The token is single-use. */
    plenigo_app_data *again = NULL;
    plenigo_status status = plenigo_request_app_id(client, CUSTOMER, token->token, &again, &error);
    check_error(status, error, PLENIGO_STATUS_TOKEN_PROBLEM, 403, 13, "token");
    CHECK(again == NULL);

    /* The documentation's slip: requestAppId($customerId, $productId) passes no token. */
    error = NULL;
    status = plenigo_request_app_id(client, CUSTOMER, PRODUCT, &again, &error);
    check_error(status, error, PLENIGO_STATUS_TOKEN_PROBLEM, 403, 13, "token");

    /* The fixture's unused token works once. */
    CHECK(plenigo_request_app_id(client, CUSTOMER, FIXTURE_TOKEN, &again, NULL) == PLENIGO_STATUS_OK);
    CHECK(again != NULL && strcmp(again->product_id, PRODUCT) == 0);
    plenigo_app_data_free(again);

    /* Access check with the documentation's customer app. */
    CHECK(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, &error) == PLENIGO_STATUS_OK);
    CHECK(bought);
    bought = false;
    CHECK(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, app->customer_app_id, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(bought);

    /* List: the fixture app, the one made here and the one from the fixture token. */
    CHECK(plenigo_get_customer_apps(client, CUSTOMER, &apps, &error) == PLENIGO_STATUS_OK);
    CHECK(apps != NULL && apps->len == 3);
    if (apps) {
        int seen = 0;
        for (size_t i = 0; i < apps->len; i++) {
            CHECK_STR(apps->items[i].customer_id, CUSTOMER);
            CHECK_STR(apps->items[i].product_id, PRODUCT);
            if (strcmp(apps->items[i].customer_app_id, FIXTURE_APP) == 0) seen |= 1;
            if (strcmp(apps->items[i].customer_app_id, app->customer_app_id) == 0) seen |= 2;
        }
        CHECK(seen == 3);
    }
    plenigo_app_data_list_free(apps);
    apps = NULL;

    /* A customer without apps gets an empty list. */
    CHECK(plenigo_get_customer_apps(client, "A1BKAFZZ3H0H", &apps, NULL) == PLENIGO_STATUS_OK);
    CHECK(apps != NULL && apps->len == 0 && apps->items == NULL);
    plenigo_app_data_list_free(apps);

    /* Delete the documentation's app: access through it ends; a second delete is a 404. */
    CHECK(plenigo_delete_customer_app(client, CUSTOMER, FIXTURE_APP, &error) == PLENIGO_STATUS_OK);
    bought = true;
    CHECK(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(!bought);
    error = NULL;
    status = plenigo_delete_customer_app(client, CUSTOMER, FIXTURE_APP, &error);
    check_error(status, error, PLENIGO_STATUS_NOT_FOUND, 404, 19, "not found");

    /* 412: the customer has not bought the other product. */
    plenigo_app_token *missing = NULL;
    error = NULL;
    status = plenigo_request_app_token(client, CUSTOMER, OTHER_PRODUCT, "test", &missing, &error);
    check_error(status, error, PLENIGO_STATUS_PRECONDITION_FAILED, 412, 11, "precondition failed");
    CHECK(missing == NULL);

    /* 423: the company allows 10 parallel app accesses. */
    status = PLENIGO_STATUS_OK;
    int made = 0;
    while (status == PLENIGO_STATUS_OK && made < 20) {
        plenigo_app_token *t = NULL;
        plenigo_app_data *a = NULL;
        error = NULL;
        status = plenigo_request_app_token(client, CUSTOMER, PRODUCT, "limit", &t, &error);
        if (status == PLENIGO_STATUS_OK) {
            CHECK(plenigo_request_app_id(client, CUSTOMER, t->token, &a, NULL) == PLENIGO_STATUS_OK);
            made++;
        }
        plenigo_app_data_free(a);
        plenigo_app_token_free(t);
    }
    CHECK(made == 8); /* 2 apps were left, 10 allowed */
    check_error(status, error, PLENIGO_STATUS_LIMIT_REACHED, 423, 12, "limit");

    /* Invalid input is refused before any request, naming the field. */
    error = NULL;
    status = plenigo_has_user_bought(client, "", PRODUCT, FIXTURE_APP, &bought, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "customer_id");
    error = NULL;
    status = plenigo_request_app_token(client, CUSTOMER, PRODUCT, "   ", &missing, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "description");

    plenigo_app_data_free(app);
    plenigo_app_token_free(token);
    plenigo_client_free(client);
}

static void test_user_management(void) {
    plenigo_client *client = client_for(COMPANY2, SECRET);
    plenigo_error *error = NULL;
    char *customer_id = NULL, *same_id = NULL, *login_token = NULL;
    plenigo_status status;

    /* Register the documentation's user; the same e-mail again gives the same customer. */
    CHECK(plenigo_register_user(client, "testAddNewUser@mail.com", "en", "A1BKAFZZ3H0H", "new", "user", false,
                                false, &customer_id, &error) == PLENIGO_STATUS_OK);
    CHECK(customer_id != NULL && strlen(customer_id) > 0);
    CHECK(plenigo_register_user(client, "testAddNewUser@mail.com", "en", NULL, NULL, NULL, false, false,
                                &same_id, NULL) == PLENIGO_STATUS_OK);
    CHECK(customer_id && same_id && strcmp(customer_id, same_id) == 0);
    plenigo_string_free(same_id);
    same_id = NULL;
    status = plenigo_register_user(client, "testAddNewUser@mail.com", "en", NULL, NULL, NULL, false, true,
                                   &same_id, &error);
    check_error(status, error, PLENIGO_STATUS_CONFLICT, 409, 1, "conflict");
    CHECK(same_id == NULL);

    /* Login tokens: by plenigo customer ID, by the new customer, by external ID. */
    CHECK(plenigo_create_login_token(client, CUSTOMER, false, &login_token, NULL) == PLENIGO_STATUS_OK);
    CHECK(login_token != NULL && strlen(login_token) > 0);
    plenigo_string_free(login_token);
    login_token = NULL;
    CHECK(plenigo_create_login_token(client, customer_id, false, &login_token, NULL) == PLENIGO_STATUS_OK);
    CHECK(login_token != NULL && strlen(login_token) > 0);
    plenigo_string_free(login_token);
    login_token = NULL;
    CHECK(plenigo_create_login_token(client, "A1BKAFZZ3H0H", true, &login_token, NULL) == PLENIGO_STATUS_OK);
    plenigo_string_free(login_token);
    login_token = NULL;
    error = NULL;
    status = plenigo_create_login_token(client, "99999999", false, &login_token, &error);
    check_error(status, error, PLENIGO_STATUS_NOT_FOUND, 404, 18, "not found");

    error = NULL;
    status = plenigo_register_user(client, "not-an-email", "en", NULL, NULL, NULL, false, false, &same_id, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "email");
    error = NULL;
    status = plenigo_register_user(client, "x@example.com", "english", NULL, NULL, NULL, false, false, &same_id, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "language");
    plenigo_string_free(customer_id);
    plenigo_client_free(client);

    /* The documentation's other company/secret pair: change e-mail, access IDs, external ID. */
    client = client_for(COMPANY, SECRET2);
    CHECK(plenigo_change_email(client, "A1BKAFZZ3H0H", "testChangeEMail@mail.com", false, &error) == PLENIGO_STATUS_OK);
    error = NULL;
    status = plenigo_change_email(client, CUSTOMER, "testChangeEMail@mail.com", false, &error);
    check_error(status, error, PLENIGO_STATUS_CONFLICT, 409, 1, "conflict");

    const char *ids[] = {"12345"};
    CHECK(plenigo_import_customer_access(client, "A1BKAFZZ3H0H", false, ids, 1, NULL) == PLENIGO_STATUS_OK);
    const char *crm[] = {"crm-56202510", "billing-1"};
    CHECK(plenigo_import_customer_access(client, CUSTOMER, false, crm, 2, NULL) == PLENIGO_STATUS_OK);
    const char *products[] = {PRODUCT};
    bool bought = false;
    CHECK(plenigo_has_bought_product(client, "billing-1", products, 1, false, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(bought);
    bought = true;
    CHECK(plenigo_has_bought_product(client, "12345", products, 1, false, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(!bought); /* A1BKAFZZ3H0H bought nothing */

    const char *five[] = {"a", "b", "c", "d", "e"};
    error = NULL;
    status = plenigo_import_customer_access(client, CUSTOMER, false, five, 5, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "access_ids");
    error = NULL;
    status = plenigo_import_customer_access(client, CUSTOMER, false, NULL, 0, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "access_ids");
    const char *with_null[] = {"a", NULL};
    error = NULL;
    status = plenigo_import_customer_access(client, CUSTOMER, false, with_null, 2, &error);
    check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, "access_ids");
    error = NULL;
    status = plenigo_import_customer_access(client, "99999999", false, ids, 1, &error);
    check_error(status, error, PLENIGO_STATUS_NOT_FOUND, 404, 18, "not found");

    CHECK(plenigo_add_external_user_id(client, CUSTOMER, "12345", NULL) == PLENIGO_STATUS_OK);
    CHECK(plenigo_create_login_token(client, "12345", true, &login_token, NULL) == PLENIGO_STATUS_OK);
    plenigo_string_free(login_token);
    error = NULL;
    status = plenigo_add_external_user_id(client, CUSTOMER, "67890", &error);
    check_error(status, error, PLENIGO_STATUS_CONFLICT, 409, 1, "conflict");
    plenigo_client_free(client);
}

static void test_wrong_secret(void) {
    plenigo_client *client = client_for(COMPANY, "WrongSecretWrongSecretWrongSecret");
    plenigo_error *error = NULL;
    bool bought = false;
    plenigo_status status = plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, &error);
    check_error(status, error, PLENIGO_STATUS_UNAUTHORIZED, 401, 4, "unauthorized");
    char *message = NULL;
    error = NULL;
    plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, &error);
    message = plenigo_error_message(error);
    CHECK(message && strstr(message, "WrongSecret") == NULL);
    plenigo_string_free(message);
    plenigo_error_free(error);
    plenigo_client_free(client);
}

static void test_null_and_utf8_arguments(void) {
    plenigo_client *client = client_for(COMPANY, SECRET);
    plenigo_error *error = NULL;
    plenigo_app_token *token = NULL;
    plenigo_app_data *app = NULL;
    plenigo_app_data_list *apps = NULL;
    char *text = NULL;
    bool bought = false;
    const char *ids[] = {"1"};
    plenigo_status status;

#define EXPECT_NULL(call, field)                                               \
    do {                                                                       \
        error = NULL;                                                          \
        status = (call);                                                       \
        check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, field);  \
    } while (0)

    EXPECT_NULL(plenigo_request_app_token(NULL, CUSTOMER, PRODUCT, "d", &token, &error), "client");
    EXPECT_NULL(plenigo_request_app_token(client, NULL, PRODUCT, "d", &token, &error), "customer_id");
    EXPECT_NULL(plenigo_request_app_token(client, CUSTOMER, NULL, "d", &token, &error), "product_id");
    EXPECT_NULL(plenigo_request_app_token(client, CUSTOMER, PRODUCT, NULL, &token, &error), "description");
    EXPECT_NULL(plenigo_request_app_token(client, CUSTOMER, PRODUCT, "d", NULL, &error), "token_out");
    EXPECT_NULL(plenigo_request_app_id(client, CUSTOMER, NULL, &app, &error), "access_token");
    EXPECT_NULL(plenigo_request_app_id(client, CUSTOMER, "1", NULL, &error), "data_out");
    EXPECT_NULL(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, NULL, &bought, &error), "customer_app_id");
    EXPECT_NULL(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, NULL, &error), "bought_out");
    EXPECT_NULL(plenigo_get_customer_apps(NULL, CUSTOMER, &apps, &error), "client");
    EXPECT_NULL(plenigo_get_customer_apps(client, CUSTOMER, NULL, &error), "list_out");
    EXPECT_NULL(plenigo_delete_customer_app(client, CUSTOMER, NULL, &error), "customer_app_id");
    EXPECT_NULL(plenigo_register_user(client, NULL, "en", NULL, NULL, NULL, false, false, &text, &error), "email");
    EXPECT_NULL(plenigo_register_user(client, "a@b.de", NULL, NULL, NULL, NULL, false, false, &text, &error), "language");
    EXPECT_NULL(plenigo_register_user(client, "a@b.de", "en", NULL, NULL, NULL, false, false, NULL, &error),
                "customer_id_out");
    EXPECT_NULL(plenigo_create_login_token(client, NULL, false, &text, &error), "customer_id");
    EXPECT_NULL(plenigo_create_login_token(client, CUSTOMER, false, NULL, &error), "token_out");
    EXPECT_NULL(plenigo_change_email(client, CUSTOMER, NULL, false, &error), "email");
    EXPECT_NULL(plenigo_import_customer_access(client, NULL, false, ids, 1, &error), "customer_id");
    EXPECT_NULL(plenigo_import_customer_access(client, CUSTOMER, false, NULL, 1, &error), "access_ids");
    EXPECT_NULL(plenigo_add_external_user_id(client, CUSTOMER, NULL, &error), "external_user_id");
    EXPECT_NULL(plenigo_has_bought_product(client, CUSTOMER, NULL, 1, false, &bought, &error), "product_ids");
    EXPECT_NULL(plenigo_has_bought_product(client, CUSTOMER, ids, 1, false, NULL, &error), "bought_out");
    EXPECT_NULL(plenigo_client_base_url(client, NULL, &error), "url_out");
    CHECK(token == NULL && app == NULL && apps == NULL && text == NULL);

    error = NULL;
    status = plenigo_create_login_token(client, "5620\xc3\x28", false, &text, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_UTF8, 0, 1, "customer_id");
    error = NULL;
    status = plenigo_change_email(client, CUSTOMER, "\xff@example.com", false, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_UTF8, 0, 1, "email");
    CHECK(text == NULL);
    plenigo_client_free(client);
}

/* The network error path: nothing listens on port 1 of loopback. */
static void test_network_error(void) {
    plenigo_config config;
    plenigo_client *client = NULL;
    plenigo_error *error = NULL;
    bool bought = false;
    plenigo_config_init(&config, sizeof config);
    config.company_id = COMPANY;
    config.secret = SECRET;
    config.base_url = "http://127.0.0.1:1";
    config.max_retries = 0;
    CHECK(plenigo_client_new(&config, &client, NULL) == PLENIGO_STATUS_OK);
    plenigo_status status = plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, &error);
    check_error(status, error, PLENIGO_STATUS_NETWORK, 0, 5, "network");
    plenigo_client_free(client);
}

static void test_shared_clients(void) {
    CHECK(sandbox_post("/__sandbox/reset"));
    plenigo_status status;
    plenigo_config config;
    plenigo_client *first = NULL, *again = NULL;
    bool bought = false;
    plenigo_config_init(&config, sizeof config);
    config.company_id = COMPANY;
    config.secret = SECRET;
    config.base_url = base_url;
    CHECK(plenigo_client_shared(&config, &first, NULL) == PLENIGO_STATUS_OK);
    CHECK(plenigo_client_shared(&config, &again, NULL) == PLENIGO_STATUS_OK);
    /* Freeing a handle leaves the shared client to the other handle and the registry. */
    plenigo_client_free(first);
    CHECK(plenigo_has_user_bought(again, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(bought);
    plenigo_client_free(again);
    plenigo_client_shared_clear();
    config.company_id = "";
    plenigo_error *error = NULL;
    status = plenigo_client_shared(&config, &first, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1,
                "company_id");
}

static void test_checkout_snippet(void) {
    plenigo_status status;
    plenigo_client *client = client_for(COMPANY, SECRET);
    plenigo_product product;
    plenigo_checkout_options options;
    plenigo_error *error = NULL;
    char *snippet = NULL;
    CHECK(plenigo_product_init(&product, sizeof product) == PLENIGO_STATUS_OK);
    CHECK(plenigo_checkout_options_init(&options, sizeof options) == PLENIGO_STATUS_OK);
    product.product_id = OTHER_PRODUCT;
    product.title = "\"Special\" <offer> & 'more'\n";
    product.has_price = true;
    product.price = 4.99;
    product.currency = "EUR";
    product.show_buying_again_screen = 1;
    options.login_token = "a-login-token";
    CHECK(plenigo_checkout_snippet(client, &product, &options, &snippet, NULL) == PLENIGO_STATUS_OK);
    const char *remote = "plenigo.checkoutWithRemoteLogin({paymentData:'";
    CHECK(snippet != NULL && strncmp(snippet, remote, strlen(remote)) == 0);
    CHECK(snippet != NULL && strpbrk(snippet, "\"<>&") == NULL);
    plenigo_string_free(snippet);
    snippet = NULL;
    /* Without options: a plain checkout. */
    CHECK(plenigo_checkout_snippet(client, &product, NULL, &snippet, NULL) == PLENIGO_STATUS_OK);
    CHECK(snippet != NULL && strncmp(snippet, "plenigo.checkout({", strlen("plenigo.checkout({")) == 0);
    plenigo_string_free(snippet);
    /* Rule violations name their field; nothing is handed out. */
    snippet = NULL;
    product.product_id = "123456789012345678901";
    status = plenigo_checkout_snippet(client, &product, &options, &snippet, &error);
    check_error(status, error,
                PLENIGO_STATUS_INVALID_INPUT, 0, 1, "product_id");
    CHECK(snippet == NULL);
    product.product_id = OTHER_PRODUCT;
    product.override_mode = 7;
    status = plenigo_checkout_snippet(client, &product, &options, &snippet, &error);
    check_error(status, error,
                PLENIGO_STATUS_INVALID_INPUT, 0, 1, "override_mode");
    product.override_mode = -1;
    status = plenigo_checkout_snippet(client, NULL, &options, &snippet, &error);
    check_error(status, error,
                PLENIGO_STATUS_NULL_POINTER, 0, 1, "product");
    plenigo_client_free(client);
}

/* The byte sized-struct tests fill their buffers with first. */
#define POISON 0xA5

/* True when the `len` bytes at `p` all still hold POISON. */
static bool poisoned(const void *p, size_t len) {
    const unsigned char *bytes = p;
    for (size_t i = 0; i < len; i++)
        if (bytes[i] != POISON) return false;
    return true;
}

/*
 * `init` on a `type` as a caller built against an older header has it, ending before
 * `field`: it succeeds, sets `size`, and writes nothing past the end (the rest of a full
 * struct keeps its poison; on a heap block of exactly that size valgrind and ASan see any
 * write past it). A size of 0 is refused without a write.
 */
#define CHECK_SIZED_INIT(type, init, field)                                \
    do {                                                                   \
        size_t cut = offsetof(type, field);                                \
        type full;                                                         \
        memset(&full, POISON, sizeof full);                                \
        CHECK(init(&full, cut) == PLENIGO_STATUS_OK);                      \
        CHECK(full.size == cut);                                           \
        CHECK(poisoned((unsigned char *)&full + cut, sizeof full - cut));  \
        type *exact = malloc(cut);                                         \
        CHECK(exact != NULL && init(exact, cut) == PLENIGO_STATUS_OK);     \
        free(exact);                                                       \
        memset(&full, POISON, sizeof full);                                \
        CHECK(init(&full, 0) == PLENIGO_STATUS_INVALID_INPUT);             \
        CHECK(poisoned(&full, sizeof full));                               \
    } while (0)

/*
 * Sized structs: what an older caller's shorter struct gives is read and nothing past it.
 * Each struct lives in a heap block of exactly its (shorter) size, so valgrind and ASan
 * report any read past it; the fields it lacks take the library's defaults.
 */
static void test_sized_structs(void) {
    CHECK(sandbox_post("/__sandbox/reset"));
    CHECK_SIZED_INIT(plenigo_config, plenigo_config_init, user_agent_suffix);
    CHECK_SIZED_INIT(plenigo_product, plenigo_product_init, show_buying_again_screen);
    CHECK_SIZED_INIT(plenigo_checkout_options, plenigo_checkout_options_init, source_url);
    CHECK_SIZED_INIT(plenigo_address, plenigo_address_init, street);

    plenigo_error *error = NULL;
    plenigo_status status;
    plenigo_client *client = NULL;
    plenigo_config *config = malloc(offsetof(plenigo_config, user_agent_suffix));
    CHECK(plenigo_config_init(config, offsetof(plenigo_config, user_agent_suffix)) == PLENIGO_STATUS_OK);
    CHECK(config->connect_timeout_ms == 10000 && config->max_retries == 2 && config->base_url == NULL);
    config->company_id = COMPANY2;
    config->secret = SECRET;
    config->base_url = base_url;
    config->max_retries = 0;
    CHECK(plenigo_client_new(config, &client, NULL) == PLENIGO_STATUS_OK);
    free(config);

    plenigo_product *product = malloc(offsetof(plenigo_product, show_buying_again_screen));
    plenigo_checkout_options *options = malloc(offsetof(plenigo_checkout_options, source_url));
    plenigo_product_init(product, offsetof(plenigo_product, show_buying_again_screen));
    plenigo_checkout_options_init(options, offsetof(plenigo_checkout_options, source_url));
    CHECK(product->product_id == NULL && !product->has_price && options->login_token == NULL);
    product->product_id = OTHER_PRODUCT;
    product->title = "An older caller's product";
    product->has_price = true;
    product->price = 1.5;
    product->currency = "EUR";
    options->login_token = "a-login-token";
    char *snippet = NULL;
    CHECK(plenigo_checkout_snippet(client, product, options, &snippet, NULL) == PLENIGO_STATUS_OK);
    const char *remote = "plenigo.checkoutWithRemoteLogin({paymentData:'";
    CHECK(snippet != NULL && strncmp(snippet, remote, strlen(remote)) == 0);
    plenigo_string_free(snippet);

    plenigo_address *address = malloc(offsetof(plenigo_address, street));
    plenigo_address_init(address, offsetof(plenigo_address, street));
    address->gender = "male";
    address->first_name = "Old";
    address->name = "Caller";
    CHECK(plenigo_change_address(client, CUSTOMER, address, false, &error) == PLENIGO_STATUS_OK);
    char customer[8192];
    CHECK(sandbox_request("GET", "/__sandbox/customers/" COMPANY2 "/" CUSTOMER, customer, sizeof customer) == 200);
    CHECK(strstr(customer, "\"firstName\":\"Old\"") && strstr(customer, "\"gender\":\"MALE\""));
    CHECK(strstr(customer, "\"street\":null") != NULL);

    /* A struct whose size says 0 (never filled by its _init) is refused, naming it. */
    product->size = 0;
    status = plenigo_checkout_snippet(client, product, NULL, &snippet, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "product");
    address->size = 0;
    error = NULL;
    status = plenigo_change_address(client, CUSTOMER, address, false, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "address");
    plenigo_config zero;
    plenigo_config_init(&zero, sizeof zero);
    zero.company_id = COMPANY;
    zero.secret = SECRET;
    zero.size = 0;
    plenigo_client *none = NULL;
    error = NULL;
    status = plenigo_client_new(&zero, &none, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "config");
    CHECK(none == NULL);
    free(address);
    free(options);
    free(product);
    plenigo_client_free(client);
}

static void test_change_address(void) {
    CHECK(sandbox_post("/__sandbox/reset"));
    plenigo_client *client = client_for(COMPANY2, SECRET);
    plenigo_address address;
    plenigo_error *error = NULL;
    plenigo_status status;
    char customer[8192];
    const char *read_customer = "/__sandbox/customers/" COMPANY2 "/" CUSTOMER;

    CHECK(plenigo_address_init(&address, sizeof address) == PLENIGO_STATUS_OK);
    CHECK(address.size == sizeof address && address.gender == NULL && address.street == NULL &&
          address.country == NULL);
    CHECK(plenigo_address_init(NULL, sizeof address) == PLENIGO_STATUS_NULL_POINTER);
    CHECK(sandbox_request("GET", read_customer, customer, sizeof customer) == 200);
    CHECK(strstr(customer, "\"address\":null") != NULL);

    address.gender = "female";
    address.first_name = "Jane";
    address.name = "Doe";
    address.street = "Hauptstr. 1";
    address.additional_address_info = "2nd floor";
    address.post_code = "10115";
    address.city = "Berlin";
    address.country = "DE";
    CHECK(plenigo_change_address(client, CUSTOMER, &address, false, &error) == PLENIGO_STATUS_OK);
    CHECK(error == NULL);
    CHECK(sandbox_request("GET", read_customer, customer, sizeof customer) == 200);
    const char *expected[] = {"\"gender\":\"FEMALE\"", "\"firstName\":\"Jane\"", "\"name\":\"Doe\"",
                              "\"street\":\"Hauptstr. 1\"", "\"additionalAddressInfo\":\"2nd floor\"",
                              "\"postCode\":\"10115\"", "\"city\":\"Berlin\"", "\"country\":\"DE\""};
    const char *address_json = strstr(customer, "\"address\":{");
    CHECK(address_json != NULL);
    for (size_t i = 0; address_json && i < sizeof expected / sizeof expected[0]; i++)
        CHECK(strstr(address_json, expected[i]) != NULL);
    /* By external ID: a customer registered with one. */
    char *registered = NULL;
    CHECK(plenigo_register_user(client, "moved@example.com", "de", "ext-moved", NULL, NULL, false, false,
                                &registered, NULL) == PLENIGO_STATUS_OK);
    address.street = "Neue Str. 2";
    CHECK(plenigo_change_address(client, "ext-moved", &address, true, NULL) == PLENIGO_STATUS_OK);
    char path[256];
    snprintf(path, sizeof path, "/__sandbox/customers/" COMPANY2 "/%s", registered ? registered : "?");
    CHECK(sandbox_request("GET", path, customer, sizeof customer) == 200);
    CHECK(strstr(customer, "\"street\":\"Neue Str. 2\"") != NULL);
    plenigo_string_free(registered);

    /* Refused before any request, naming the field; the stored address stays. */
    address.gender = "unknown";
    status = plenigo_change_address(client, CUSTOMER, &address, false, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "gender");
    address.gender = NULL;
    error = NULL;
    status = plenigo_change_address(client, CUSTOMER, &address, false, &error);
    check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, "gender");
    address.gender = "MALE";
    address.country = NULL;
    error = NULL;
    status = plenigo_change_address(client, CUSTOMER, &address, false, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "country");
    address.country = "";
    error = NULL;
    status = plenigo_change_address(client, CUSTOMER, &address, false, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1, "country");
    address.country = "DE";
    address.city = "K\xf6ln";
    error = NULL;
    status = plenigo_change_address(client, CUSTOMER, &address, false, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_UTF8, 0, 1, "city");
    address.city = "Berlin";
    error = NULL;
    status = plenigo_change_address(client, CUSTOMER, NULL, false, &error);
    check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, "address");
    error = NULL;
    status = plenigo_change_address(client, NULL, &address, false, &error);
    check_error(status, error, PLENIGO_STATUS_NULL_POINTER, 0, 1, "customer_id");
    CHECK(sandbox_request("GET", read_customer, customer, sizeof customer) == 200);
    CHECK(strstr(customer, "\"gender\":\"FEMALE\"") != NULL);

    /* An unknown customer, by plenigo ID and by external ID. */
    error = NULL;
    status = plenigo_change_address(client, "99999999", &address, false, &error);
    check_error(status, error, PLENIGO_STATUS_NOT_FOUND, 404, 18, "not found");
    error = NULL;
    status = plenigo_change_address(client, "no-such-external-id", &address, true, &error);
    check_error(status, error, PLENIGO_STATUS_NOT_FOUND, 404, 18, "not found");
    plenigo_client_free(client);
}

/* What the log callback saw. */
static char logged[4096];
static int logged_lines;

static void collect_log(int32_t level, const char *message, void *user_data) {
    (void)level;
    CHECK(user_data == (void *)logged);
    size_t used = strlen(logged);
    snprintf(logged + used, sizeof logged - used, "%s\n", message);
    logged_lines++;
}

static void test_log_callback(void) {
    CHECK(sandbox_post("/__sandbox/reset"));
    plenigo_status status;
    plenigo_client *client = client_for(COMPANY, SECRET);
    plenigo_error *error = NULL;
    bool bought = false;
    CHECK(plenigo_set_log_callback(collect_log, logged, 4, NULL) == PLENIGO_STATUS_OK);
    CHECK(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(logged_lines == 1);
    CHECK(strstr(logged, "GET /access/app/{customerId}/{productId}/{customerAppId} -> HTTP 200 (attempt 1") != NULL);
    CHECK(strstr(logged, CUSTOMER) == NULL && strstr(logged, SECRET) == NULL);
    status = plenigo_set_log_callback(collect_log, logged, 9, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1,
                "max_level");
    CHECK(plenigo_set_log_callback(NULL, NULL, 0, NULL) == PLENIGO_STATUS_OK);
    CHECK(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(logged_lines == 1);
    plenigo_client_free(client);
}

/* The contents of a file, or NULL; free() it. */
static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    char *text = calloc(1, 65536);
    size_t got = text ? fread(text, 1, 65535, file) : 0;
    fclose(file);
    if (got == 0) {
        free(text);
        return NULL;
    }
    return text;
}

static void test_extra_root_certificates(const char *tls_url, const char *ca_file) {
    plenigo_status status;
    char *ca = read_file(ca_file);
    CHECK(ca != NULL && strstr(ca, "BEGIN CERTIFICATE") != NULL);
    plenigo_config config;
    plenigo_client *client = NULL;
    plenigo_error *error = NULL;
    bool bought = false;
    plenigo_config_init(&config, sizeof config);
    config.company_id = COMPANY;
    config.secret = SECRET;
    config.base_url = tls_url;
    config.max_retries = 0;
    /* Not trusted without the sandbox's CA. */
    CHECK(plenigo_client_new(&config, &client, NULL) == PLENIGO_STATUS_OK);
    status = plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, &error);
    check_error(status, error,
                PLENIGO_STATUS_NETWORK, 0, 5, "certificate");
    plenigo_client_free(client);
    /* Trusted with it. */
    config.extra_root_certs_pem = ca;
    CHECK(plenigo_client_new(&config, &client, NULL) == PLENIGO_STATUS_OK);
    CHECK(plenigo_has_user_bought(client, CUSTOMER, PRODUCT, FIXTURE_APP, &bought, NULL) == PLENIGO_STATUS_OK);
    CHECK(bought);
    plenigo_client_free(client);
    /* A bundle that is not PEM is refused, naming the field. */
    config.extra_root_certs_pem = "not a certificate";
    client = NULL;
    status = plenigo_client_new(&config, &client, &error);
    check_error(status, error, PLENIGO_STATUS_INVALID_INPUT, 0, 1,
                "extra_root_certs_pem");
    CHECK(client == NULL);
    free(ca);
}

int main(int argc, char **argv) {
    base_url = argc > 1 ? argv[1] : getenv("PLENIGO_BASE_URL");
    if (!base_url) {
        fprintf(stderr, "usage: plenigo_test BASE_URL (or set PLENIGO_BASE_URL)\n");
        return 2;
    }
    CHECK(sandbox_post("/__sandbox/reset"));
    test_statuses_and_null_safety();
    test_config_errors();
    test_app_management();
    test_user_management();
    test_wrong_secret();
    test_null_and_utf8_arguments();
    test_network_error();
    test_shared_clients();
    test_checkout_snippet();
    test_sized_structs();
    test_change_address();
    test_log_callback();
    if (argc > 3) {
        test_extra_root_certificates(argv[2], argv[3]);
    } else {
        fprintf(stderr, "plenigo_test: no TLS sandbox given, so the TLS tests did not run\n");
        failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
