import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['build/**', 'public/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'bench/.work/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      'react/prop-types': 'off',
      'react/no-unescaped-entities': 'off',
      // A component declared inside another is a new type at each render: React remounts it and
      // the person loses focus, open <details> and typed text after every submission (issue 18 #1).
      'react/no-unstable-nested-components': 'error',
      // DSFR labels wrap their hint text; the control is linked with htmlFor.
      'jsx-a11y/label-has-associated-control': ['error', { assert: 'htmlFor' }],
      // A table frame that scrolls sideways takes the keyboard focus (role="region", axe's
      // scrollable-region-focusable): the arrows then scroll it.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true }],
    },
  },
  {
    // Hooks live in .ts modules too (the section's autosave): the rules of hooks apply there as well.
    files: ['app/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Type-aware rules where a forgotten promise loses work or an error (issue 18 #8): a floating
  // promise fails silently, after the response is sent.
  {
    files: ['app/**/*.{ts,tsx}', 'db/**/*.ts', 'server.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  // The dependency rule (issue 18 #8): routes → components → domain (accelerator, feedback,
  // experiences, auth, email, jobs) → db and utils; utils is a leaf; nothing but routes imports a route.
  {
    files: ['app/utils/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A regex: in gitignore patterns (`group`) a leading # starts a comment.
              regex: '^#app/(?!utils/)',
              message: 'app/utils est une feuille : il n’importe ni le domaine, ni les composants, ni les routes (règle de dépendance, issue 18).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/accelerator/**', 'app/feedback/**', 'app/experiences/**', 'app/auth/**', 'app/email/**', 'app/jobs/**', 'app/accessibility/**', 'db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^#app/routes/', message: 'Le domaine n’importe pas les routes (règle de dépendance, issue 18).' },
            { regex: '^#app/components/', message: 'Le domaine n’importe pas les composants : mettez la fonction dans le domaine (règle de dépendance, issue 18).' },
          ],
        },
      ],
    },
  },
  {
    files: ['app/components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^#app/routes/', message: 'Un composant n’importe pas une route (règle de dépendance, issue 18).' }] }],
    },
  },
  {
    files: ['db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
