/** 1080–1099: the command line itself (commands, options) and `meshc init`. */
import { diag } from "../diagnostic.ts";

export const cliMessages = {
  Unknown_command_0: diag(1080, "error", "Unknown command '{0}'.", {
    hint: "Run 'meshc --help' for the list of commands.",
    why: "meshc runs one of its commands; anything else is most likely a typo or a command of another tool.",
    bad: "meshc lint mesh.ts",
    fixed: "meshc check mesh.ts",
    lang: "shell",
  }),
  Unknown_command_0_Did_you_mean_1: diag(1081, "error", "Unknown command '{0}'. Did you mean '{1}'?", {
    why: "A command name close to one meshc knows is most likely a typo of it (tsc's spelling suggestions).",
    bad: "meshc chek mesh.ts",
    fixed: "meshc check mesh.ts",
    lang: "shell",
  }),
  Unknown_option_0_for_meshc_1: diag(1082, "error", "Unknown option '{0}' for 'meshc {1}'.", {
    hint: "Run 'meshc {1} --help' for its options; a value that starts with '-' goes after '--'.",
    why: "Each command takes its own options; an option it does not know would otherwise be silently ignored.",
    bad: "meshc simulate mesh.ts --verbose --request 'GET http://web.shop/'",
    fixed: "meshc simulate mesh.ts --json --request 'GET http://web.shop/'",
    lang: "shell",
  }),
  Unknown_option_0_for_meshc_1_Did_you_mean_2: diag(
    1083,
    "error",
    "Unknown option '{0}' for 'meshc {1}'. Did you mean '{2}'?",
    {
      why: "An option name close to one the command knows is most likely a typo of it.",
      bad: "meshc check mesh.ts --fromat sarif",
      fixed: "meshc check mesh.ts --format sarif",
      lang: "shell",
    },
  ),
  Option_0_needs_a_value: diag(1084, "error", "Option '{0}' needs a value.", {
    hint: "Write it as '{0} VALUE' or '{0}=VALUE'.",
    why: "The option takes a value, and none followed it.",
    bad: "meshc build mesh.ts --out",
    fixed: "meshc build mesh.ts --out manifests",
    lang: "shell",
  }),
  Option_0_takes_no_value: diag(1085, "error", "Option '{0}' takes no value.", {
    hint: "Give it alone: '{0}'.",
    why: "The option is a switch: present or absent.",
    bad: "meshc build mesh.ts --check=yes",
    fixed: "meshc build mesh.ts --check",
    lang: "shell",
  }),
  Unexpected_argument_0_for_meshc_1: diag(1086, "error", "Unexpected argument '{0}' for 'meshc {1}'.", {
    hint: "Run 'meshc {1} --help' for what it takes.",
    why: "The command takes no more arguments than that; an extra one is most likely misplaced.",
    bad: "meshc init shop payments",
    fixed: "meshc init shop",
    lang: "shell",
  }),
  File_0_already_exists: diag(1090, "error", "'{0}' already exists; meshc init overwrites nothing.", {
    hint: "Run 'meshc init' in a new or empty directory (meshc init DIR), or move the file away.",
    why: "init writes a starter project; a file of the same name is the user's own work, so nothing is written at all.",
    bad: "meshc init .   # in a directory that already has a mesh.ts",
    fixed: "meshc init mesh-policy",
    lang: "shell",
  }),
  Cannot_write_0_Colon_1: diag(1091, "error", "Cannot write '{0}': {1}.", {
    hint: "Check that the directory is writable; nothing of the starter project was left behind.",
    why: "init could not create a file (permissions, a file where a directory should be); it removes what it wrote.",
    bad: "meshc init /read-only/place",
    fixed: "meshc init ./mesh-policy",
    lang: "shell",
  }),
} as const;
