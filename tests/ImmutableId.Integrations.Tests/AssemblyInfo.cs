// WebApplicationFactory finds the app under test by listening for the first host built in the process; the sandbox's
// Entra emulator is a host too. Built in parallel by other test classes, it could be taken for the app under test,
// so the classes of this assembly run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
