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
// solc-js package. Older releases are meant to be added as npm aliases, e.g.
//   "0.5.17": "solc-0.5.17"   (installed as solc-0.5.17@npm:solc@0.5.17)
const SOLCJS_PACKAGES = {
  "0.8.28": "solc",
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

/** @type {import("hardhat/config").HardhatUserConfig} */
module.exports = {
  solidity: {
    version: "0.8.28",
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
    },
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
