import js from '@eslint/js';
import tseslint from 'typescript-eslint';

import { SERVICE_NAMES } from './packages/platform/src/service-names.ts';

const services = [...SERVICE_NAMES];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'coverage/**', 'data/**', 'web/dist/**', 'artifacts/**', '**/*.js', '**/*.mjs', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-restricted-syntax': [
        'error',
        {
          // Fastify validates input between preValidation and preHandler: a role check placed in
          // preHandler would tell a caller without the role which input rules exist.
          selector: "Property[key.name='preHandler'][value.type='CallExpression'][value.callee.name='requireRole']",
          message: 'Check roles in preValidation (before input validation), not preHandler.',
        },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  // Architecture boundaries: domain depends only on the kernel and the pure packages (the BPMN engine, legal time, ENI); services never import services.
  {
    files: ['services/*/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@tramita/*',
                '!@tramita/kernel',
                '!@tramita/bpmn',
                '!@tramita/legal-time',
                '!@tramita/legal-time/*',
                '!@tramita/eni',
                '!@tramita/eni/model',
              ],
              message: 'Domain code depends only on @tramita/kernel and the pure packages @tramita/bpmn, @tramita/legal-time and @tramita/eni.',
            },
            { group: ['**/application/**', '**/adapters/**', 'fastify', 'kysely', 'pg', '@electric-sql/*'], message: 'Domain code must not reach outward.' },
          ],
        },
      ],
    },
  },
  // Services never import each other; inside a service, application code (and the config
  // loader) never reaches an adapter, and an adapter never reaches another adapter family: only
  // main.ts picks and wires adapters.
  ...services.flatMap((service) => {
    const otherServices = [
      { group: services.filter((s) => s !== service).map((s) => `@tramita/${s}`), message: 'Services never import each other; use messages or HTTP.' },
      { group: services.filter((s) => s !== service).map((s) => `**/services/${s}/**`), message: 'Services never import each other; use messages or HTTP.' },
    ];
    const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns: [...otherServices, ...patterns] }] });
    return [
      { files: [`services/${service}/**/*.ts`], ignores: ['services/*/src/domain/**'], rules: restrict([]) },
      {
        files: [`services/${service}/src/application/**/*.ts`, `services/${service}/src/config.ts`],
        ignores: ['**/*.test.ts'],
        rules: restrict([{ group: ['**/adapters/**'], message: 'Application code depends on ports, never on adapters: main.ts picks the adapters.' }]),
      },
      {
        files: [`services/${service}/src/adapters/**/*.ts`],
        ignores: ['**/*.test.ts'],
        rules: restrict([{ regex: '^\\.\\./(?!\\.\\./)[^/]+/', message: 'An adapter never imports another adapter family; main.ts wires them together.' }]),
      },
    ];
  }),
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
