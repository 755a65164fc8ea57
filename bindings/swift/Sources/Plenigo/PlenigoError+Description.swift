// The generated `PlenigoError` has a `description` (the core's Display: the case's `message`)
// but does not declare the conformance; declaring it makes "\(error)" and `localizedDescription`
// print that message instead of a dump of the case's fields.
extension PlenigoError: CustomStringConvertible {}
