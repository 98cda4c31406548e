import { describe, expect, it } from 'vitest';
import { declaredNamespaces, detectDialect } from './detect-dialect.ts';

const BPMN = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"';
const CAMUNDA = 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"';
const ZEEBE = 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const MODELER = 'xmlns:modeler="http://camunda.org/schema/modeler/1.0"';
const definitions = (attributes: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${BPMN} ${attributes} id="Definitions_1"></bpmn:definitions>`;

describe('detectDialect', () => {
  it('follows the declared execution platform before the namespaces', () => {
    expect(detectDialect(definitions(`${CAMUNDA} ${ZEEBE} ${MODELER} modeler:executionPlatform="Camunda Platform"`))).toBe('camunda7');
    expect(detectDialect(definitions(`${CAMUNDA} ${MODELER} modeler:executionPlatform="Camunda Cloud"`))).toBe('camunda8');
  });

  it('reads the execution platform under whatever prefix the file binds to the modeller namespace, in either quote style', () => {
    expect(detectDialect(definitions(`xmlns:m='http://camunda.org/schema/modeler/1.0' m:executionPlatform='Camunda Cloud' ${CAMUNDA}`))).toBe('camunda8');
  });

  it('ignores an execution platform attribute whose prefix is not the modeller namespace', () => {
    expect(detectDialect(definitions(`xmlns:x="urn:other" x:executionPlatform="Camunda Cloud" ${CAMUNDA}`))).toBe('camunda7');
  });

  it('falls back to the vendor namespaces, Camunda 8 before a stray Camunda 7 one', () => {
    expect(detectDialect(definitions(`${CAMUNDA} ${ZEEBE}`))).toBe('camunda8');
    expect(detectDialect(definitions(CAMUNDA))).toBe('camunda7');
  });

  it('recognises Flowable before Activiti and Camunda 7, and Activiti alone', () => {
    expect(detectDialect(definitions(`xmlns:flowable="http://flowable.org/bpmn" xmlns:activiti="http://activiti.org/bpmn" ${CAMUNDA}`))).toBe('flowable');
    expect(detectDialect(definitions('xmlns:activiti="http://activiti.org/bpmn"'))).toBe('activiti');
  });

  it('matches namespaces by URI, not by prefix', () => {
    expect(detectDialect(definitions('xmlns:fl="http://flowable.org/bpmn"'))).toBe('flowable');
    expect(detectDialect(definitions('xmlns:camunda="urn:not-camunda"'))).toBe('standard');
  });

  it('reads a file without vendor namespaces as standard BPMN', () => {
    expect(detectDialect(definitions('xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"'))).toBe('standard');
  });

  it('lists declared namespaces with the default one under the empty prefix', () => {
    const namespaces = declaredNamespaces('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:c=\'urn:c\'/>');
    expect(namespaces.get('')).toBe('http://www.omg.org/spec/BPMN/20100524/MODEL');
    expect(namespaces.get('c')).toBe('urn:c');
  });
});
