/**
 * `style=${cssomStyle({...})}`: sets inline styles through the CSSOM (`element.style`) only.
 *
 * Lit's own styleMap writes the `style` ATTRIBUTE on first render, which the strict CSP
 * (`style-src` without 'unsafe-inline') blocks — bars would render with no width. CSSOM
 * writes are not inline styles and are allowed.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

class CssomStyleDirective extends Directive {
    private previous = new Set<string>();

    constructor(partInfo: PartInfo) {
        super(partInfo);
        if (partInfo.type !== PartType.ATTRIBUTE || partInfo.name !== 'style')
            throw new Error('cssomStyle must be bound to the style attribute');
    }

    render(_styles: Readonly<Record<string, string>>): typeof noChange {
        return noChange;
    }

    override update(part: AttributePart, [styles]: [Readonly<Record<string, string>>]): typeof noChange {
        const style = (part.element as HTMLElement).style;
        for (const name of this.previous) if (!(name in styles)) style.removeProperty(name);
        for (const [name, value] of Object.entries(styles)) style.setProperty(name, value);
        this.previous = new Set(Object.keys(styles));
        return noChange;
    }
}

export const cssomStyle = directive(CssomStyleDirective);
