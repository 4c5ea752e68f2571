/**
 * A subset of the CSS variables VS Code sets on a webview's <html> for the default Light+,
 * Dark+ and High Contrast (hc-black) themes (plus the body class it sets), so the UI test
 * renders like the real panel. Colours a theme leaves unset (hc-black has no button or list
 * hover backgrounds) are absent, as VS Code emits no variable for them.
 */
export type TestTheme = 'light' | 'dark' | 'hc';

/** The class VS Code puts on the webview's <body> for each theme kind. */
export const THEME_BODY_CLASS: Record<TestTheme, string> = { light: 'vscode-light', dark: 'vscode-dark', hc: 'vscode-high-contrast' };

const COMMON = {
    '--vscode-font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
};

export const THEME_VARIABLES: Record<TestTheme, Record<string, string>> = {
    light: {
        ...COMMON,
        '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b',
        '--vscode-descriptionForeground': '#6f6f6f', '--vscode-errorForeground': '#f85149', '--vscode-focusBorder': '#005fb8',
        '--vscode-widget-border': '#e5e5e5', '--vscode-editorWidget-background': '#f8f8f8', '--vscode-editorWidget-border': '#c8c8c8',
        '--vscode-panel-border': '#e5e5e5', '--vscode-panel-background': '#f8f8f8', '--vscode-editorGroup-border': '#e5e5e5',
        '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0258a8',
        '--vscode-button-border': '#0000001a', '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
        '--vscode-button-secondaryHoverBackground': '#cccccc', '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b',
        '--vscode-textLink-foreground': '#005fb8', '--vscode-textLink-activeForeground': '#005fb8',
        '--vscode-list-hoverBackground': '#f2f2f2', '--vscode-list-activeSelectionBackground': '#e8e8e8', '--vscode-list-activeSelectionForeground': '#000000',
        '--vscode-list-focusOutline': '#005fb8', '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b',
        '--vscode-input-border': '#cecece', '--vscode-input-placeholderForeground': '#767676', '--vscode-settings-textInputBackground': '#ffffff',
        '--vscode-settings-textInputBorder': '#cecece', '--vscode-settings-headerBorder': '#e5e5e5', '--vscode-checkbox-background': '#f8f8f8',
        '--vscode-checkbox-border': '#cecece', '--vscode-checkbox-foreground': '#3b3b3b', '--vscode-icon-foreground': '#3b3b3b',
        '--vscode-progressBar-background': '#005fb8', '--vscode-panelTitle-activeForeground': '#3b3b3b', '--vscode-panelTitle-activeBorder': '#005fb8',
        '--vscode-panelTitle-inactiveForeground': '#3b3b3b', '--vscode-editorWarning-foreground': '#bf8803', '--vscode-editorInfo-foreground': '#1a85ff',
        '--vscode-charts-foreground': '#616161', '--vscode-charts-lines': '#61616180', '--vscode-charts-red': '#e51400', '--vscode-charts-blue': '#1a85ff',
        '--vscode-charts-yellow': '#bf8803', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90',
        '--vscode-toolbar-hoverBackground': '#b8b8b850', '--vscode-contrastBorder': 'transparent',
    },
    dark: {
        ...COMMON,
        '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc',
        '--vscode-descriptionForeground': '#9d9d9d', '--vscode-errorForeground': '#f85149', '--vscode-focusBorder': '#0078d4',
        '--vscode-widget-border': '#313131', '--vscode-editorWidget-background': '#202020', '--vscode-editorWidget-border': '#454545',
        '--vscode-panel-border': '#2b2b2b', '--vscode-panel-background': '#181818', '--vscode-editorGroup-border': '#ffffff17',
        '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#026ec1',
        '--vscode-button-border': '#ffffff12', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
        '--vscode-button-secondaryHoverBackground': '#3c3c3c', '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8',
        '--vscode-textLink-foreground': '#4daafc', '--vscode-textLink-activeForeground': '#4daafc',
        '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-activeSelectionBackground': '#04395e', '--vscode-list-activeSelectionForeground': '#ffffff',
        '--vscode-list-focusOutline': '#0078d4', '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc',
        '--vscode-input-border': '#3c3c3c', '--vscode-input-placeholderForeground': '#989898', '--vscode-settings-textInputBackground': '#313131',
        '--vscode-settings-textInputBorder': '#3c3c3c', '--vscode-settings-headerBorder': '#2b2b2b', '--vscode-checkbox-background': '#313131',
        '--vscode-checkbox-border': '#3c3c3c', '--vscode-checkbox-foreground': '#cccccc', '--vscode-icon-foreground': '#cccccc',
        '--vscode-progressBar-background': '#0078d4', '--vscode-panelTitle-activeForeground': '#cccccc', '--vscode-panelTitle-activeBorder': '#0078d4',
        '--vscode-panelTitle-inactiveForeground': '#9d9d9d', '--vscode-editorWarning-foreground': '#cca700', '--vscode-editorInfo-foreground': '#3794ff',
        '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': '#cccccc80', '--vscode-charts-red': '#f14c4c', '--vscode-charts-blue': '#3794ff',
        '--vscode-charts-yellow': '#cca700', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
        '--vscode-toolbar-hoverBackground': '#5a5d5e50', '--vscode-contrastBorder': 'transparent',
    },
    // hc-black (VS Code 1.100 colour registry, hcDark values).
    hc: {
        ...COMMON,
        '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff',
        '--vscode-descriptionForeground': '#ffffffb3', '--vscode-errorForeground': '#f48771', '--vscode-focusBorder': '#f38518',
        '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518',
        '--vscode-widget-border': '#6fc3df', '--vscode-editorWidget-background': '#0c141f', '--vscode-editorWidget-border': '#6fc3df',
        '--vscode-panel-border': '#6fc3df', '--vscode-panel-background': '#000000', '--vscode-editorGroup-border': '#6fc3df',
        '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df', '--vscode-button-secondaryForeground': '#ffffff',
        '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff',
        '--vscode-textLink-foreground': '#21a6ff', '--vscode-textLink-activeForeground': '#21a6ff',
        '--vscode-list-focusOutline': '#f38518', '--vscode-list-activeSelectionForeground': '#ffffff',
        '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df',
        '--vscode-input-placeholderForeground': '#ffffffb3', '--vscode-settings-textInputBackground': '#000000',
        '--vscode-settings-textInputBorder': '#6fc3df', '--vscode-settings-headerBorder': '#6fc3df', '--vscode-checkbox-background': '#000000',
        '--vscode-checkbox-border': '#6fc3df', '--vscode-checkbox-foreground': '#ffffff', '--vscode-icon-foreground': '#ffffff',
        '--vscode-progressBar-background': '#6fc3df', '--vscode-panelTitle-activeForeground': '#ffffff', '--vscode-panelTitle-activeBorder': '#6fc3df',
        '--vscode-panelTitle-inactiveForeground': '#ffffff', '--vscode-editorWarning-foreground': '#ffd370', '--vscode-editorInfo-foreground': '#3794ff',
        '--vscode-editorError-foreground': '#f48771',
        '--vscode-charts-foreground': '#ffffff', '--vscode-charts-lines': '#ffffff80', '--vscode-charts-red': '#f48771', '--vscode-charts-blue': '#3794ff',
        '--vscode-charts-yellow': '#ffd370', '--vscode-charts-orange': '#ab5a00', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
    },
};

export function themeStyle(theme: TestTheme): string {
    return `html { ${Object.entries(THEME_VARIABLES[theme]).map(([k, v]) => `${k}: ${v};`).join(' ')} }`;
}
