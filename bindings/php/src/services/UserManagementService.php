<?php

namespace plenigo\services;

use FFI;
use plenigo\internal\Native;
use plenigo\PlenigoException;
use plenigo\PlenigoManager;

/**
 * External User Management: register your own users at plenigo, log them in with login
 * tokens, keep their e-mail, address and IDs in sync. Configure \plenigo\PlenigoManager first.
 */
final class UserManagementService
{
    /** The keys of changeAddress()'s $address (plenigo's API names) and their C fields. */
    private const ADDRESS_FIELDS = [
        'gender' => 'gender',
        'firstName' => 'first_name',
        'name' => 'name',
        'street' => 'street',
        'additionalAddressInfo' => 'additional_address_info',
        'postCode' => 'post_code',
        'city' => 'city',
        'country' => 'country',
    ];

    /**
     * Registers a customer and returns the plenigo customer ID. With $failByExistingEmail
     * false a known e-mail gives the existing customer's ID.
     *
     * @throws PlenigoException code 1 with HTTP 0 for a malformed e-mail or language (nothing
     *     is sent), HTTP 409 for a known e-mail with $failByExistingEmail
     */
    public static function registerUser(
        $email,
        $language = "en",
        $externalUserId = null,
        $firstName = null,
        $name = null,
        $withPasswordReset = false,
        $failByExistingEmail = false
    ): string {
        return Native::callString(
            'plenigo_register_user',
            PlenigoManager::client()->handle(),
            Native::str($email, 'email'),
            Native::str($language, 'language'),
            Native::str($externalUserId, 'external_user_id'),
            Native::str($firstName, 'first_name'),
            Native::str($name, 'name'),
            Native::flag($withPasswordReset, 'with_password_reset'),
            Native::flag($failByExistingEmail, 'fail_by_existing_email'),
        );
    }

    /**
     * Creates a login token for the customer, valid for 5 minutes (pass it to the checkout).
     *
     * @throws PlenigoException code 18 (HTTP 404) for an unknown customer
     */
    public static function createLoginToken($customerId, $useExternalCustomerId = false): string
    {
        return Native::callString(
            'plenigo_create_login_token',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::flag($useExternalCustomerId, 'use_external_customer_id'),
        );
    }

    /**
     * Changes the customer's e-mail address. Returns true.
     *
     * @throws PlenigoException HTTP 409 when another customer has the address, code 18 (HTTP
     *     404) for an unknown customer
     */
    public static function changeEmail($customerId, $email, $useExternalCustomerId = false): bool
    {
        Native::check(Native::call(
            'plenigo_change_email',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::str($email, 'email'),
            Native::flag($useExternalCustomerId, 'use_external_customer_id'),
        ));
        return true;
    }

    /**
     * Changes the customer's postal address. Returns true. $address is an array with the keys
     * of plenigo's API, as the official SDK takes it: gender ('MALE', 'FEMALE' or 'DIVERSE',
     * any case; required), firstName, name, street, additionalAddressInfo, postCode, city and
     * country (required with a street); null or missing keys are unset.
     *
     * @param array<string, string|null> $address
     * @throws PlenigoException InvalidInputException naming the field for a missing or unknown
     *     gender, a street without country or an unknown key (nothing is sent), code 18 (HTTP
     *     404) for an unknown customer
     */
    public static function changeAddress($customerId, $address, $useExternalCustomerId = false): bool
    {
        if (!is_array($address)) {
            throw PlenigoException::of('invalid address: must be an array, got ' . get_debug_type($address), 1);
        }
        $unknown = array_key_first(array_diff_key($address, self::ADDRESS_FIELDS));
        if ($unknown !== null) {
            throw PlenigoException::of(
                "invalid address: unknown key '$unknown' (known: " . implode(', ', array_keys(self::ADDRESS_FIELDS)) . ')',
                1,
            );
        }
        $client = PlenigoManager::client();
        $ffi = Native::ffi();
        $keep = [];
        $native = $ffi->new('plenigo_address');
        $ffi->plenigo_address_init(FFI::addr($native), FFI::sizeof($native));
        foreach (self::ADDRESS_FIELDS as $key => $field) {
            $native->$field = Native::buffer($address[$key] ?? null, $field, $keep);
        }
        Native::check(Native::call(
            'plenigo_change_address',
            $client->handle(),
            Native::str($customerId, 'customer_id'),
            FFI::addr($native),
            Native::flag($useExternalCustomerId, 'use_external_customer_id'),
        ));
        return true;
    }

    /**
     * Gives the customer one to four access IDs (a single string counts as one); any of them
     * then identifies the customer in access checks. Returns true.
     *
     * @param string|list<string> $customerIds
     * @throws PlenigoException code 1 for none or more than four IDs, code 18 (HTTP 404) for
     *     an unknown customer
     */
    public static function importCustomerAccess($customerId, $isExternal = false, $customerIds = []): bool
    {
        $keep = [];
        [$ids, $count] = Native::strings($customerIds, 'access_ids', $keep);
        Native::check(Native::call(
            'plenigo_import_customer_access',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::flag($isExternal, 'use_external_customer_id'),
            $ids,
            $count,
        ));
        return true;
    }

    /**
     * Adds your external ID to a customer who has none yet. Returns true.
     *
     * @throws PlenigoException HTTP 409 when the customer has one or the ID is taken
     */
    public static function addExternalCustomerId($customerId, $externalCustomerId): bool
    {
        Native::check(Native::call(
            'plenigo_add_external_user_id',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::str($externalCustomerId, 'external_user_id'),
        ));
        return true;
    }
}
