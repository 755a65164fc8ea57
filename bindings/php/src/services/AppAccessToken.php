<?php

namespace plenigo\services;

/**
 * A single-use app token for a third party, as returned by
 * AppManagementService::requestAppToken().
 */
final class AppAccessToken implements \JsonSerializable
{
    public function __construct(
        public readonly string $customerId,
        public readonly string $token,
        public readonly string $description,
    ) {
    }

    /** The customer the token is for. */
    public function getCustomerId(): string
    {
        return $this->customerId;
    }

    /** The token to hand to the third party (exchange it with requestAppId()). */
    public function getToken(): string
    {
        return $this->token;
    }

    /** The token, by the name plenigo's official PHP SDK (AppTokenData) gives it. */
    public function getAppToken(): string
    {
        return $this->token;
    }

    /** The description given when the token was requested. */
    public function getDescription(): string
    {
        return $this->description;
    }

    /** @return array{customerId: string, token: string, description: string} */
    public function jsonSerialize(): array
    {
        return ['customerId' => $this->customerId, 'token' => $this->token, 'description' => $this->description];
    }
}
