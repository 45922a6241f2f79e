// WebApplicationFactory finds the app under test by listening for the first host built in the process; the test
// token issuer and the sandbox's Entra emulator are hosts too. Built in parallel by other test classes, one of them
// could be taken for the app under test, so the classes of this assembly run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
