<?php

namespace plenigo\services;

use FFI;
use FFI\CData;
use plenigo\internal\Native;
use plenigo\PlenigoException;
use plenigo\PlenigoManager;

/**
 * App Management: let a third party check a customer's access to a product. The flow:
 * requestAppToken() gives a single-use token, requestAppId() exchanges it for a customer app
 * ID the third party may reuse, hasUserBought() answers the access question until
 * deleteCustomerApp() removes the app. Configure \plenigo\PlenigoManager first.
 */
final class AppManagementService
{
    /**
     * Requests a single-use app token for a customer who bought the product.
     *
     * @throws PlenigoException code 11 (HTTP 412) when the customer has not bought the
     *     product, code 12 (HTTP 423) when the customer has too many apps
     */
    public static function requestAppToken($customerId, $productId, $description): AppAccessToken
    {
        $ffi = Native::ffi();
        $out = $ffi->new('plenigo_app_token*');
        Native::check(Native::call(
            'plenigo_request_app_token',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::str($productId, 'product_id'),
            Native::str($description, 'description'),
            FFI::addr($out),
        ));
        try {
            return new AppAccessToken(
                FFI::string($out->customer_id),
                FFI::string($out->token),
                FFI::string($out->description),
            );
        } finally {
            $ffi->plenigo_app_token_free($out);
        }
    }

    /**
     * Exchanges an app token (the string or the AppAccessToken from requestAppToken()) for a
     * customer app the third party can reuse.
     *
     * @param string|AppAccessToken $accessToken
     * @throws PlenigoException code 13 (HTTP 403) when the token is unknown, used, or belongs
     *     to another customer
     */
    public static function requestAppId($customerId, $accessToken): AppAccessData
    {
        if ($accessToken instanceof AppAccessToken) {
            $accessToken = $accessToken->getToken();
        }
        $ffi = Native::ffi();
        $out = $ffi->new('plenigo_app_data*');
        Native::check(Native::call(
            'plenigo_request_app_id',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::str($accessToken, 'access_token'),
            FFI::addr($out),
        ));
        try {
            return self::appData($out);
        } finally {
            $ffi->plenigo_app_data_free($out);
        }
    }

    /**
     * Whether the customer bought the product, asked through a customer app ID: false when
     * plenigo denies access; every other failure throws.
     *
     * @throws PlenigoException
     */
    public static function hasUserBought($customerId, $productId, $customerAppId): bool
    {
        $bought = Native::ffi()->new('bool');
        Native::check(Native::call(
            'plenigo_has_user_bought',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::str($productId, 'product_id'),
            Native::str($customerAppId, 'customer_app_id'),
            FFI::addr($bought),
        ));
        return $bought->cdata;
    }

    /**
     * The customer apps registered for a customer.
     *
     * @return list<AppAccessData>
     * @throws PlenigoException
     */
    public static function getCustomerApps($customerId): array
    {
        $ffi = Native::ffi();
        $out = $ffi->new('plenigo_app_data_list*');
        Native::check(Native::call(
            'plenigo_get_customer_apps',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            FFI::addr($out),
        ));
        try {
            $apps = [];
            for ($i = 0; $i < $out->len; $i++) {
                $apps[] = self::appData($out->items[$i]);
            }
            return $apps;
        } finally {
            $ffi->plenigo_app_data_list_free($out);
        }
    }

    /**
     * Removes a customer app; the third party loses access through it. Returns true.
     *
     * @throws PlenigoException code 19 (HTTP 404) for an unknown app
     */
    public static function deleteCustomerApp($customerId, $customerAppId): bool
    {
        Native::check(Native::call(
            'plenigo_delete_customer_app',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            Native::str($customerAppId, 'customer_app_id'),
        ));
        return true;
    }

    /** Copies a native plenigo_app_data into PHP. */
    private static function appData(CData $data): AppAccessData
    {
        return new AppAccessData(
            FFI::string($data->customer_id),
            FFI::string($data->customer_app_id),
            FFI::string($data->product_id),
            FFI::string($data->description),
        );
    }
}
