// A header for driver tests (-I, -MD); not a test itself.
inline int twice(int x) { return 2 * x; }
