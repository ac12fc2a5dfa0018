// The browser tests each run a bot, a Teams emulator and Chromium; on a small machine classes running side by side
// starve each other and time out, so they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
