<?php

namespace plenigo\exceptions;

/** The customer has not bought the product (HTTP 412, code 11). */
class PreconditionFailedException extends \plenigo\PlenigoException
{
}
