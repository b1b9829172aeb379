export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page lacks #${id}`);
  return element as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const { dataset, ...rest } = props;
  const element = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(element.dataset, dataset);
  element.append(...children);
  return element;
}

/** Shows a message in an alert box, or hides the box when there is none. */
export function showMessage(box: HTMLElement, message: string | undefined, tone: 'error' | 'warning' | 'info' = 'error'): void {
  box.hidden = !message;
  box.textContent = message ?? '';
  box.dataset.tone = tone;
}
