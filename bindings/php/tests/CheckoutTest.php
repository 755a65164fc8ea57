<?php

namespace plenigo\tests;

use plenigo\builders\CheckoutSnippetBuilder;
use plenigo\models\ProductBase;
use plenigo\PlenigoException;
use plenigo\PlenigoManager;
use plenigo\services\UserManagementService;

/**
 * The documentation's "Use case PHP": ProductBase, CheckoutSnippetBuilder, a login token; the
 * snippet run by node, its paymentData verified and its login token redeemed by the sandbox.
 */
final class CheckoutTest extends SandboxTestCase
{
    private const HOSTILE = "Evil \"quotes\" 'single' </script><b>&amp; \\ \n\r\u{2028} end";
    private const HOSTILE_URL = "https://a.example/?q=\"'</script>&amp;\\\u{2028}";

    public function testTheUseCaseEndToEnd(): void
    {
        \plenigo\PlenigoManager::configure("Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj", "23NuCmdPoiRRkQiCqP9Q");
        $product = new ProductBase('EgLUrT56328991046641');
        $checkout = new CheckoutSnippetBuilder($product);
        $userId = UserManagementService::registerUser('test@mail.com', 'en', '12345', 'new', 'customer');
        $loginToken = UserManagementService::createLoginToken($userId);
        $settings = array();
        $plenigoCheckoutCode = $checkout->build($settings, $loginToken);

        $this->assertStringStartsWith('plenigo.checkoutWithRemoteLogin(', $plenigoCheckoutCode);
        [$function, $data] = self::runSnippet($plenigoCheckoutCode);
        $this->assertSame('checkoutWithRemoteLogin', $function);
        $this->assertSame($loginToken, $data['loginToken']);
        $this->assertFalse($data['startWithRegistration']);
        $claims = Sandbox::verifyPaymentData(self::COMPANY, $data['paymentData']);
        $this->assertSame(['aud' => 'plenigo', 'pi' => 'EgLUrT56328991046641'], $claims);
        $this->assertTrue(Sandbox::redeem($data['loginToken']));
        $this->assertFalse(Sandbox::redeem($data['loginToken']), 'a login token is redeemed once');
    }

    public function testProductAndSettingsMapOntoTheShortKeys(): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY, true);
        $product = new ProductBase('P1', 'A book', 12.5, 'eur');
        $product->setType(ProductBase::TYPE_BOOK);
        $product->setShippingCost(3);
        $product->setCategoryId('cat-1');
        $snippet = (new CheckoutSnippetBuilder($product))->build(
            ['title' => 'Another title', 'csrfToken' => 'csrf-1', 'showBuyingAgainScreen' => 'true', 'payWhatYouWant' => false, 'testMode' => 'true'],
            null,
            true,
            'https://news.example/article',
            'https://news.example/thanks',
            'aff-1',
            'checkout-here',
        );
        [$function, $data] = self::runSnippet($snippet);
        $this->assertSame('checkout', $function);
        $this->assertSame(
            ['startWithRegistration' => true, 'sourceUrl' => 'https://news.example/article', 'targetUrl' => 'https://news.example/thanks', 'affiliateId' => 'aff-1', 'elementId' => 'checkout-here'],
            array_diff_key($data, ['paymentData' => 0]),
        );
        $claims = Sandbox::verifyPaymentData(self::COMPANY, $data['paymentData']);
        ksort($claims);
        $this->assertSame(
            ['aud' => 'plenigo', 'ci' => 'cat-1', 'csrf' => 'csrf-1', 'cu' => 'EUR', 'pi' => 'P1', 'pr' => 12.5, 'pt' => 'BOOK', 'sab' => true, 'sc' => 3.0, 'sp' => false, 'ti' => 'Another title', 'ts' => true],
            $claims,
        );
    }

    /** @return array<string, array{0: array<string, mixed>, 1: string}> */
    public static function ruleViolations(): array
    {
        return [
            'product ID over 20 characters' => [['productId' => str_repeat('x', 21)], 'product_id'],
            'shipping cost on an e-book' => [['type' => ProductBase::TYPE_EBOOK, 'shippingCost' => 1], 'shipping_cost'],
            'unknown product type' => [['type' => 'CAR'], 'product_type'],
            'negative price' => [['price' => -1], 'price'],
            'price not a number' => [['price' => 'cheap'], 'price'],
            'currency' => [['currency' => 'EURO'], 'currency'],
            'title an array' => [['title' => ['x']], 'title'],
            'NUL byte' => [['csrfToken' => "a\0b"], 'csrf_token'],
            'flag an object' => [['failedPayment' => new \stdClass()], 'failed_payment'],
            'unknown key' => [['prize' => 1], 'prize'],
            'test mode not configured' => [['testMode' => true], 'test_mode'],
        ];
    }

    /** @dataProvider ruleViolations */
    public function testRuleViolationsNameTheField(array $settings, string $field): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY);
        $e = $this->expectFailure(fn () => (new CheckoutSnippetBuilder(new ProductBase('P1')))->build($settings), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString($field, $e->getMessage());
    }

    public function testWrongArgumentTypesNameTheParameter(): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY);
        $builder = new CheckoutSnippetBuilder(new ProductBase('P1'));
        foreach ([
            'product' => fn () => new CheckoutSnippetBuilder('P1'),
            'settings' => fn () => $builder->build('productId=P1'),
            'login_token' => fn () => $builder->build([], ['token']),
            'start_with_registration' => fn () => $builder->build([], null, 'maybe'),
            'source_url' => fn () => $builder->build([], null, false, "https://a.example/\0"),
            'element_id' => fn () => $builder->build([], null, false, null, null, null, new \stdClass()),
        ] as $field => $call) {
            $e = $this->expectFailure($call, 1, 0, 'INVALID_INPUT');
            $this->assertStringContainsString($field, $e->getMessage());
        }
    }

    /** Quotes, <, &, backslashes and line breaks: the snippet stays one valid, inert JS call. */
    public function testHostileValuesGiveASnippetSafeInAnAttributeAndAScript(): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY);
        $snippet = (new CheckoutSnippetBuilder(new ProductBase('P1', self::HOSTILE)))
            ->build(['csrfToken' => 'a"b<c>&\'d'], 'token"<&>', false, self::HOSTILE_URL, 'https://b.example/"><script>', '"&<>\'', '</button>');

        foreach (['"', '<', '>', '&', "\n", "\r", '\\\'', '\\"'] as $char) {
            $this->assertStringNotContainsString($char, $snippet);
        }
        // Every ' delimits one of the call's string literals.
        $literal = "'(?:[^'\\\\]|\\\\u[0-9a-f]{4})*'";
        $this->assertMatchesRegularExpression(
            "/^plenigo\\.checkoutWithRemoteLogin\\(\\{(?:\\w+:(?:$literal|true|false),)*\\w+:(?:$literal|true|false)\\}\\);$/",
            $snippet,
        );
        $script = tempnam(sys_get_temp_dir(), 'plenigo') . '.js';
        file_put_contents($script, $snippet);
        exec('node --check ' . escapeshellarg($script) . ' 2>&1', $output, $status);
        unlink($script);
        $this->assertSame(0, $status, implode("\n", $output));

        [, $data] = self::runSnippet($snippet);
        $this->assertSame('token"<&>', $data['loginToken']);
        $this->assertSame(self::HOSTILE_URL, $data['sourceUrl']);
        $this->assertSame('"&<>\'', $data['affiliateId']);
        $claims = Sandbox::verifyPaymentData(self::COMPANY, $data['paymentData']);
        $this->assertSame(self::HOSTILE, $claims['ti']);
        $this->assertSame('a"b<c>&\'d', $claims['csrf']);

        // The seeds' page: the snippet raw in onclick="..." leaves the button intact.
        $html = '<button id="offer" onclick="' . $snippet . '"> Special offer for you</button>';
        $document = new \DOMDocument();
        $document->loadHTML($html, LIBXML_NOERROR);
        $button = $document->getElementById('offer');
        $this->assertSame($snippet, $button->getAttribute('onclick'));
        $this->assertSame(' Special offer for you', $button->textContent);
    }

    /**
     * Runs a snippet in node against a stand-in for plenigo's JavaScript SDK.
     *
     * @return array{0: string, 1: array<string, mixed>} the function called and its argument
     */
    private static function runSnippet(string $snippet): array
    {
        $script = 'const plenigo = {};'
            . 'for (const f of ["checkout", "checkoutWithRemoteLogin"]) plenigo[f] = (a) => console.log(JSON.stringify([f, a]));'
            . $snippet;
        exec('node -e ' . escapeshellarg($script) . ' 2>&1', $output, $status);
        if ($status !== 0 || count($output) !== 1) {
            throw new \RuntimeException("node failed on $snippet: " . implode("\n", $output));
        }
        return json_decode($output[0], true, 512, JSON_THROW_ON_ERROR);
    }
}
