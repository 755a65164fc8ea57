<?php

namespace plenigo\builders;

use FFI;
use plenigo\internal\Native;
use plenigo\models\ProductBase;
use plenigo\PlenigoException;
use plenigo\PlenigoManager;

/**
 * Builds the JavaScript call that opens plenigo's checkout for a product, as in plenigo's
 * official PHP SDK and its documentation's "Use case PHP":
 *
 *     $checkout = new CheckoutSnippetBuilder(new ProductBase('EgLUrT56328991046641'));
 *     $plenigoCheckoutCode = $checkout->build([], $loginToken);
 *     // <button onclick="<?php echo $plenigoCheckoutCode ?>">Special offer for you</button>
 *
 * The snippet holds no `"`, `'`, `<`, `>` or `&`, whatever the values: it runs unchanged
 * inside an onclick="..." attribute or a <script> block. The product data travels as
 * `paymentData`, signed with the company secret.
 */
class CheckoutSnippetBuilder
{
    /** The settings keys (those of the official SDK's Checkout map) and their C fields. */
    private const SETTINGS = [
        'productId' => ['product_id', 'string'],
        'title' => ['title', 'string'],
        'price' => ['price', 'number'],
        'currency' => ['currency', 'string'],
        'type' => ['product_type', 'string'],
        'categoryId' => ['category_id', 'string'],
        'segmentId' => ['segment_id', 'string'],
        'showBuyingAgainScreen' => ['show_buying_again_screen', 'flag'],
        'showCheckoutConfirmationScreen' => ['show_checkout_confirmation_screen', 'flag'],
        'oauth2RedirectUrl' => ['oauth2_redirect_url', 'string'],
        'csrfToken' => ['csrf_token', 'string'],
        'payWhatYouWant' => ['pay_what_you_want', 'flag'],
        'subscriptionRenewal' => ['subscription_renewal', 'flag'],
        'failedPayment' => ['failed_payment', 'flag'],
        'shippingCost' => ['shipping_cost', 'number'],
        'overrideMode' => ['override_mode', 'flag'],
        'productIdReplacement' => ['product_id_replacement', 'string'],
        'testMode' => ['test_mode', 'testMode'],
    ];

    /** @var ProductBase */
    protected $product;

    /**
     * @param ProductBase $product the product to sell
     * @throws PlenigoException for anything but a ProductBase
     */
    public function __construct($product)
    {
        if (!$product instanceof ProductBase) {
            throw PlenigoException::of('invalid product: must be a \plenigo\models\ProductBase, got ' . get_debug_type($product), 1);
        }
        $this->product = $product;
    }

    /**
     * The checkout snippet: `plenigo.checkout({...});`, or with a login token (from
     * UserManagementService::createLoginToken()) `plenigo.checkoutWithRemoteLogin({...});`.
     * $settings override the product's values, under the keys of the official SDK: productId,
     * title, price, currency, type, categoryId, segmentId, showBuyingAgainScreen,
     * showCheckoutConfirmationScreen, oauth2RedirectUrl, csrfToken, payWhatYouWant,
     * subscriptionRenewal, failedPayment, shippingCost, overrideMode, productIdReplacement;
     * testMode follows PlenigoManager::configure() (a different value is refused).
     *
     * @param array<string, mixed> $settings
     * @throws PlenigoException (InvalidInputException) naming the field that breaks a
     *     checkout rule: product ID over 20 characters, shipping cost on a digital product, ...
     */
    public function build(
        $settings = [],
        $loginToken = null,
        $showRegisterFirst = false,
        $sourceUrl = null,
        $targetUrl = null,
        $affiliateId = null,
        $elementId = null
    ): string {
        if (!is_array($settings)) {
            throw PlenigoException::of('invalid settings: must be an array, got ' . get_debug_type($settings), 1);
        }
        $client = PlenigoManager::client();
        $ffi = Native::ffi();
        $keep = [];
        $product = $ffi->new('plenigo_product');
        $ffi->plenigo_product_init(FFI::addr($product), FFI::sizeof($product));
        foreach ([...$this->product->checkoutSettings(), ...$settings] as $key => $value) {
            [$field, $kind] = self::SETTINGS[$key] ?? throw PlenigoException::of(
                "invalid settings: unknown key '$key' (known: " . implode(', ', array_keys(self::SETTINGS)) . ')',
                1,
            );
            if ($value === null) {
                continue;
            }
            match ($kind) {
                'string' => $product->$field = Native::buffer($value, $field, $keep),
                'flag' => $product->$field = (int) Native::flag($value, $field),
                'number' => [$product->{"has_$field"}, $product->$field] = [true, self::number($value, $field)],
                'testMode' => Native::flag($value, 'test_mode') === $client->testMode() || throw PlenigoException::of(
                    'invalid test_mode: the checkout follows the test mode given to PlenigoManager::configure()',
                    1,
                ),
            };
        }
        $options = $ffi->new('plenigo_checkout_options');
        $ffi->plenigo_checkout_options_init(FFI::addr($options), FFI::sizeof($options));
        $options->login_token = Native::buffer($loginToken, 'login_token', $keep);
        $options->start_with_registration = Native::flag($showRegisterFirst, 'start_with_registration');
        $options->source_url = Native::buffer($sourceUrl, 'source_url', $keep);
        $options->target_url = Native::buffer($targetUrl, 'target_url', $keep);
        $options->affiliate_id = Native::buffer($affiliateId, 'affiliate_id', $keep);
        $options->element_id = Native::buffer($elementId, 'element_id', $keep);
        // Not through callString(): its frame would hand the FFI::addr() pointers to traces.
        $snippet = $ffi->new('char*');
        Native::check(Native::call(
            'plenigo_checkout_snippet',
            $client->handle(),
            FFI::addr($product),
            FFI::addr($options),
            FFI::addr($snippet),
        ));
        return Native::take($snippet);
    }

    /** The product this builder sells. */
    public function getProduct(): ProductBase
    {
        return $this->product;
    }

    /** A price or cost: an int, a float or a numeric string. */
    private static function number(mixed $value, string $field): float
    {
        if (is_int($value) || is_float($value) || (is_string($value) && is_numeric($value))) {
            return (float) $value;
        }
        throw PlenigoException::of("invalid $field: must be a number, got " . get_debug_type($value), 1);
    }
}
