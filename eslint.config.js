// ESLint flat config: typescript-eslint's recommended rules, the rules of hooks, and the import
// boundaries the layout depends on (docs/decisions/026-lint-and-format.md). Formatting is Prettier's.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Code that reaches the browser bundle or must stay pure: never a server module or the database. */
const serverModules = [
  // A type-only import is erased before bundling, so a component may name the shape a loader returns.
  {
    group: ["*.server", "*.server.*", "**/*.server", "**/*.server.*"],
    allowTypeImports: true,
    message: "服务端模块只能由 loader/action 所在的路由或其他 .server 模块引入（会被打进浏览器包）。",
  },
  { group: ["~db/*", "**/db/*"], message: "数据库只能经由 app/services 访问。" },
];

export default tseslint.config(
  { ignores: ["build/", "public/build/", ".cache/", "node_modules/", "data/", "test-results/", "bench/out/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["app/domain/**", "app/lib/**", "app/ui/**", "app/root.tsx", "app/entry.client.tsx"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: serverModules }] },
  },
  {
    files: ["app/domain/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            ...serverModules,
            {
              group: ["~/services/*", "~/http/*", "~/auth/*", "node:*", "drizzle-orm", "drizzle-orm/*"],
              message: "领域层只放纯粹的领域词汇与规则。",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/routes/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [serverModules[1]] }] },
  },
  {
    // ExcelJS rows are 1-based: a row's values read as [, "指标", …].
    files: ["tests/**"],
    rules: { "no-sparse-arrays": "off" },
  },
  prettier,
);
