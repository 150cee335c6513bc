// Nothing to sort here.
struct Empty {}
