<?php

namespace plenigo\services;

use FFI;
use plenigo\internal\Native;
use plenigo\PlenigoException;
use plenigo\PlenigoManager;

/**
 * Access checks for a customer, as in plenigo's official PHP SDK. Configure
 * \plenigo\PlenigoManager first.
 */
final class UserService
{
    /**
     * Whether the customer bought the product (or any of the products, given an array of
     * IDs). $customerId is the plenigo customer ID, an access ID imported with
     * UserManagementService::importCustomerAccess(), or with $useExternalCustomerId your
     * external ID. False when plenigo denies access (HTTP 403); every other failure throws.
     *
     * @param string|list<string> $productId
     * @throws PlenigoException
     */
    public static function hasUserBought($productId, $customerId, $useExternalCustomerId = false): bool
    {
        $keep = [];
        [$ids, $count] = Native::strings($productId, 'product_ids', $keep);
        $bought = Native::ffi()->new('bool');
        Native::check(Native::call(
            'plenigo_has_bought_product',
            PlenigoManager::client()->handle(),
            Native::str($customerId, 'customer_id'),
            $ids,
            $count,
            Native::flag($useExternalCustomerId, 'use_external_customer_id'),
            FFI::addr($bought),
        ));
        return $bought->cdata;
    }
}
