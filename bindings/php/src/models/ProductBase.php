<?php

namespace plenigo\models;

/**
 * A product to sell through the checkout (see \plenigo\builders\CheckoutSnippetBuilder):
 * plenigo's managed product by its ID alone, or one described here. Unset values are left
 * out of the checkout. As in plenigo's official PHP SDK.
 */
class ProductBase
{
    public const TYPE_EBOOK = 'EBOOK';
    public const TYPE_DIGITALNEWSPAPER = 'DIGITALNEWSPAPER';
    public const TYPE_DOWNLOAD = 'DOWNLOAD';
    public const TYPE_VIDEO = 'VIDEO';
    public const TYPE_MUSIC = 'MUSIC';
    public const TYPE_DIGITALPRODUCT = 'DIGITALPRODUCT';
    public const TYPE_NEWSPAPER = 'NEWSPAPER';
    public const TYPE_BOOK = 'BOOK';

    private $type = null;
    private $categoryId = null;
    private $shippingCost = null;
    private $customAmount = null;
    private $subscriptionRenewal = null;
    private $failedPayment = null;

    /**
     * @param string $id the product ID (at most 20 characters)
     * @param string|null $title the title shown in the checkout
     * @param float|null $price the price
     * @param string|null $currency the ISO 4217 currency code, e.g. 'EUR'
     */
    public function __construct(
        private $id,
        private $title = null,
        private $price = null,
        private $currency = null,
    ) {
    }

    /** The product ID. */
    public function getId()
    {
        return $this->id;
    }

    /** The title, or null. */
    public function getTitle()
    {
        return $this->title;
    }

    /** The price, or null. */
    public function getPrice()
    {
        return $this->price;
    }

    /** The currency, or null. */
    public function getCurrency()
    {
        return $this->currency;
    }

    /** The product type (one of the TYPE_ constants), or null. */
    public function getType()
    {
        return $this->type;
    }

    /** Sets the product type: one of the TYPE_ constants. */
    public function setType($type): void
    {
        $this->type = $type;
    }

    /** The category ID, or null. */
    public function getCategoryId()
    {
        return $this->categoryId;
    }

    /** Sets the category ID. */
    public function setCategoryId($categoryId): void
    {
        $this->categoryId = $categoryId;
    }

    /** The shipping cost, or null. */
    public function getShippingCost()
    {
        return $this->shippingCost;
    }

    /** Sets the shipping cost (only for TYPE_BOOK and TYPE_NEWSPAPER). */
    public function setShippingCost($shippingCost): void
    {
        $this->shippingCost = $shippingCost;
    }

    /** Whether the customer chooses the price ("pay what you want"). */
    public function getCustomAmount(): bool
    {
        return $this->customAmount === true;
    }

    /** Lets the customer choose the price ("pay what you want"). */
    public function setCustomAmount($customAmount): void
    {
        $this->customAmount = $customAmount;
    }

    /** Whether this checkout renews a subscription, or null. */
    public function getSubscriptionRenewal()
    {
        return $this->subscriptionRenewal;
    }

    /** Marks the checkout as a subscription renewal. */
    public function setSubscriptionRenewal($subscriptionRenewal): void
    {
        $this->subscriptionRenewal = $subscriptionRenewal;
    }

    /** Whether this checkout pays a failed payment again, or null. */
    public function getFailedPayment()
    {
        return $this->failedPayment;
    }

    /** Marks the checkout as paying a failed payment again. */
    public function setFailedPayment($failedPayment): void
    {
        $this->failedPayment = $failedPayment;
    }

    /**
     * The product's values under the checkout settings' keys (productId, title, price, ...),
     * unset ones left out.
     *
     * @return array<string, mixed>
     * @internal
     */
    public function checkoutSettings(): array
    {
        return array_filter([
            'productId' => $this->id,
            'title' => $this->title,
            'price' => $this->price,
            'currency' => $this->currency,
            'type' => $this->type,
            'categoryId' => $this->categoryId,
            'shippingCost' => $this->shippingCost,
            'payWhatYouWant' => $this->customAmount,
            'subscriptionRenewal' => $this->subscriptionRenewal,
            'failedPayment' => $this->failedPayment,
        ], fn ($value) => $value !== null);
    }
}
