// WebApplicationFactory takes the first host built in the process as the app under test; the emulator and the issuer
// are hosts too, so the classes of this assembly run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
