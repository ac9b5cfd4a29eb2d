// CommonJS on purpose: package.json says "type": "module", and Hardhat 2 loads
// its config with require().

// Hardhat asks for telemetry consent on the first interactive run; the prompt
// would block a CI job that happens to have a TTY. This file is loaded before
// that check, so setting the variable here covers `npx hardhat ...` and
// in-process `import hre from "hardhat"` alike. Without consent analytics stay
// off. The only other outbound request (the Hardhat 3 banner) is made solely on
// interactive, non-CI terminals, has a 200 ms timeout and swallows failures.
if (process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT === undefined) {
  process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";
}

const { subtask } = require("hardhat/config");
const {
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS,
} = require("hardhat/builtin-tasks/task-names");

// Hardhat's default build step downloads native solc from binaries.soliditylang.org,
// which is unreachable here. Instead every compiler comes from an npm-installed
// solc-js package. Older releases are npm aliases in package.json's
// devDependencies, e.g. "solc-0.5.17": "npm:solc@0.5.17" (added with
// `npm install --save-dev --save-exact solc-0.5.17@npm:solc@0.5.17`), so several
// releases sit side by side in node_modules and npm ci installs them offline-ready.
const SOLCJS_PACKAGES = {
  "0.8.28": "solc",
  "0.6.12": "solc-0.6.12",
  "0.5.17": "solc-0.5.17",
};

// Loading soljson costs a second or more, so the long version is only computed
// for versions a compilation job actually asks for, and then memoised.
const longVersions = new Map();

function solcJsBuild(version) {
  const pkg = SOLCJS_PACKAGES[version];
  if (pkg === undefined) {
    throw new Error(
      `No offline solc-js build for ${version}; known: ${Object.keys(SOLCJS_PACKAGES).join(", ")}. ` +
        `Install solc-${version}@npm:solc@${version} and add it to SOLCJS_PACKAGES in hardhat.config.cjs.`,
    );
  }
  if (!longVersions.has(version)) {
    const reported = require(pkg).version();
    // Guards against an alias pointing at the wrong release, which would make
    // artifacts silently disagree with the pragma they were checked against.
    if (!reported.startsWith(`${version}+`)) {
      throw new Error(`package ${pkg} reports solc ${reported}, expected ${version}`);
    }
    longVersions.set(version, reported);
  }
  return {
    compilerPath: require.resolve(`${pkg}/soljson.js`),
    isSolcJs: true,
    version,
    longVersion: longVersions.get(version),
  };
}

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }) => solcJsBuild(solcVersion));

// The test corpus uses SELFDESTRUCT (5159) and TSTORE (2394) on purpose: they
// are opcodes the interpreter must implement. Those two warnings are dropped
// for contracts/test/ only, so that any other warning still stands out.
const INTENDED_WARNINGS = new Set(["5159", "2394"]);

subtask(TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS, async (args, _hre, runSuper) => {
  const errors = args.output?.errors;
  if (errors === undefined) return runSuper(args);
  const kept = errors.filter(
    (e) =>
      !(
        e.severity === "warning" &&
        INTENDED_WARNINGS.has(e.errorCode) &&
        e.sourceLocation?.file?.startsWith("contracts/test/")
      ),
  );
  return runSuper({ ...args, output: { ...args.output, errors: kept } });
});

const OPTIMIZED = { enabled: true, runs: 200 };

// Deployed code in the wild comes from many compilers, so the legacy corpus is
// compiled by the last 0.5.x and 0.6.x releases. Neither knows "cancun" (nor
// shanghai, paris or london): both get "istanbul", their default and the newest
// fork they support. (They accept "berlin" as a name, but only as a placeholder
// for a fork not yet specified when they shipped; solc supports Berlin from
// 0.8.5.) The folder decides the compiler: every file under a folder below
// gets an override, so a pragma that does not fit its folder's compiler is a
// compile error rather than a silent switch to another release.
const LEGACY_FOLDERS = {
  "contracts/legacy/v05": { version: "0.5.17", settings: { optimizer: OPTIMIZED, evmVersion: "istanbul" } },
  "contracts/legacy/v06": { version: "0.6.12", settings: { optimizer: OPTIMIZED, evmVersion: "istanbul" } },
};

// Real deployed code comes both optimised and not: these files keep their
// folder's compiler but with the optimizer off.
const UNOPTIMIZED = new Set(["contracts/legacy/v06/LegacyTryCatch.sol"]);

/** Hardhat's `overrides` are keyed by exact source name, so the folders are listed at load time. */
function legacyOverrides() {
  const fs = require("node:fs");
  const path = require("node:path");
  const overrides = {};
  for (const [folder, config] of Object.entries(LEGACY_FOLDERS)) {
    const dir = path.join(__dirname, folder);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true })) {
      const file = String(entry).split(path.sep).join("/");
      if (!file.endsWith(".sol")) continue;
      const sourceName = `${folder}/${file}`;
      overrides[sourceName] = UNOPTIMIZED.has(sourceName)
        ? { ...config, settings: { ...config.settings, optimizer: { enabled: false, runs: 200 } } }
        : config;
    }
  }
  return overrides;
}

/** @type {import("hardhat/config").HardhatUserConfig} */
module.exports = {
  solidity: {
    // Hardhat gives each file the newest listed release its pragma allows. Outside
    // contracts/legacy/ every pragma is 0.8.x, so all of it is compiled by 0.8.28
    // as before; the older releases are listed so that a pragma alone can select
    // them, while the legacy folders get theirs from `overrides`.
    compilers: [
      { version: "0.8.28", settings: { optimizer: OPTIMIZED, evmVersion: "cancun" } },
      ...Object.values(LEGACY_FOLDERS),
    ],
    overrides: legacyOverrides(),
  },
  paths: {
    sources: "contracts",
  },
  networks: {
    hardhat: {
      hardfork: "cancun",
      // The corpus includes deliberately large contracts and gas-heavy loops;
      // neither the EIP-170 size cap nor a newer fork's per-tx gas cap
      // (EIP-7825) should get in the way of exercising the interpreter.
      allowUnlimitedContractSize: true,
    },
  },
};
