<?php

namespace plenigo\services;

/**
 * A customer app: what a third party keeps to check a customer's access again and again, as
 * returned by AppManagementService::requestAppId() and getCustomerApps().
 */
final class AppAccessData implements \JsonSerializable
{
    public function __construct(
        public readonly string $customerId,
        public readonly string $customerAppId,
        public readonly string $productId,
        public readonly string $description,
    ) {
    }

    /** The customer. */
    public function getCustomerId(): string
    {
        return $this->customerId;
    }

    /** The customer app ID the third party keeps. */
    public function getCustomerAppId(): string
    {
        return $this->customerAppId;
    }

    /** The product the app may check. */
    public function getProductId(): string
    {
        return $this->productId;
    }

    /** The description given with the app token. */
    public function getDescription(): string
    {
        return $this->description;
    }

    /** @return array{customerId: string, customerAppId: string, productId: string, description: string} */
    public function jsonSerialize(): array
    {
        return [
            'customerId' => $this->customerId,
            'customerAppId' => $this->customerAppId,
            'productId' => $this->productId,
            'description' => $this->description,
        ];
    }
}
