<?php

namespace plenigo\tests;

/** The sandbox's admin endpoints (no auth, loopback only), over PHP streams. */
final class Sandbox
{
    public static function url(): string
    {
        return rtrim((string) getenv('PLENIGO_BASE_URL'), '/');
    }

    /** Puts the built-in fixture back and clears journal, faults and clock. */
    public static function reset(): void
    {
        self::request('POST', '/__sandbox/reset');
    }

    /** @return array<string, mixed> a customer's state in a company */
    public static function customer(string $companyId, string $customerId): array
    {
        return self::request('GET', "/__sandbox/customers/$companyId/" . rawurlencode($customerId));
    }

    /** @return array<string, mixed> a login token's owner and state */
    public static function loginToken(string $token): array
    {
        return self::request('GET', '/__sandbox/login-tokens/' . rawurlencode($token));
    }

    /** Redeems a login token; true the first time. */
    public static function redeem(string $token): bool
    {
        return self::status('POST', '/__sandbox/login-tokens/' . rawurlencode($token) . '/redeem') === 200;
    }

    /**
     * The claims of a checkout's paymentData when the sandbox accepts it (HS256 with one of
     * the company's secrets, aud plenigo); fails otherwise.
     *
     * @return array<string, mixed>
     */
    public static function verifyPaymentData(string $companyId, string $paymentData): array
    {
        return self::request('POST', '/__sandbox/payment-data/verify', compact('companyId', 'paymentData'))['claims'];
    }

    /** @return array{accepted: int, api: int, open: int} connection counts since the last reset */
    public static function connections(): array
    {
        return self::request('GET', '/__sandbox/connections');
    }

    /** @return list<array<string, mixed>> the API requests received since the last reset */
    public static function journal(): array
    {
        return self::request('GET', '/__sandbox/journal');
    }

    /** Injects a fault for the next matching requests. */
    public static function fault(array $fault): void
    {
        self::request('POST', '/__sandbox/faults', $fault);
    }

    /** @return mixed the decoded JSON answer; fails on a non-2xx status */
    private static function request(string $method, string $path, ?array $body = null): mixed
    {
        [$status, $text] = self::send($method, $path, $body);
        if ($status < 200 || $status > 299) {
            throw new \RuntimeException("sandbox $method $path answered $status: $text");
        }
        return $text === '' ? null : json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    }

    private static function status(string $method, string $path): int
    {
        return self::send($method, $path, null)[0];
    }

    /** @return array{0: int, 1: string} */
    private static function send(string $method, string $path, ?array $body): array
    {
        $context = stream_context_create(['http' => [
            'method' => $method,
            'header' => "Content-Type: application/json\r\n",
            'content' => $body === null ? '' : json_encode($body),
            'ignore_errors' => true,
            'timeout' => 10,
        ]]);
        $text = file_get_contents(self::url() . $path, false, $context);
        preg_match('{^HTTP/\S+ (\d{3})}', $http_response_header[0] ?? '', $match);
        return [(int) ($match[1] ?? 0), (string) $text];
    }
}
