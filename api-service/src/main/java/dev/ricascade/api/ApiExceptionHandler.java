package dev.ricascade.api;

import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.ricascade.api.integrity.MissingParentException;
import dev.ricascade.api.integrity.NotNullColumnException;
import dev.ricascade.api.integrity.PendingCascadeException;
import dev.ricascade.api.integrity.PendingDuplicateException;
import dev.ricascade.api.integrity.RestrictedException;

/** Every error as an RFC 9457 problem detail whose {@code detail} tells a person what was wrong and what to do. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final Duration retryAfter;

    ApiExceptionHandler(ApiProperties properties) {
        this.retryAfter = properties.pending().retryAfter();
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(RestrictedException.class)
    ProblemDetail restricted(RestrictedException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Refused by a RESTRICT relationship", e.getMessage());
        problem.setProperty("relationship", e.relationship().name());
        problem.setProperty("blockingRows", e.blockingRows());
        return problem;
    }

    @ExceptionHandler(NotNullColumnException.class)
    ProblemDetail notNullColumn(NotNullColumnException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Refused by SET NULL on a NOT NULL column", e.getMessage());
        problem.setProperty("relationship", e.relationship().name());
        problem.setProperty("column", e.column());
        problem.setProperty("blockingRows", e.blockingRows());
        return problem;
    }

    @ExceptionHandler(PendingCascadeException.class)
    ResponseEntity<ProblemDetail> pendingCascade(PendingCascadeException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Waits for a pending cascade", e.getMessage());
        if (e.eventId() != null) {
            problem.setProperty("eventId", e.eventId());
            problem.setProperty("cascade", "/api/cascades/" + e.eventId());
        }
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(problem);
    }

    @ExceptionHandler(PendingDuplicateException.class)
    ProblemDetail pendingDuplicate(PendingDuplicateException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Duplicate after a pending cascade", e.getMessage());
        problem.setProperty("eventId", e.eventId());
        problem.setProperty("uniqueKey", e.uniqueKey());
        return problem;
    }

    @ExceptionHandler(MissingParentException.class)
    ProblemDetail missingParent(MissingParentException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Missing parent", e.getMessage());
        if (e.relationship() != null) {
            problem.setProperty("relationship", e.relationship().name());
        }
        return problem;
    }

    @ExceptionHandler(PessimisticLockingFailureException.class)
    ProblemDetail lockConflict(PessimisticLockingFailureException e) {
        log.info("a request lost a lock conflict: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Busy", "The rows this request needs are locked by another "
                + "request (" + e.getMostSpecificCause().getMessage() + "). Try again.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getAllErrors().stream()
                .map(ApiExceptionHandler::describe)
                .sorted().collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid input", detail + "."));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        // Spring MVC's own method validation (a controller must not be @Validated, whose proxy would throw a
        // ConstraintViolationException instead): a @Valid object among the parameters reports its fields
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors errors
                        ? errors.getAllErrors().stream().map(ApiExceptionHandler::describe)
                        : result.getResolvableErrors().stream().map(error ->
                                "'" + result.getMethodParameter().getParameterName() + "' " + error.getDefaultMessage()))
                .sorted().collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid input", detail + "."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        String reason = cause == e ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request body",
                "The request body is not the JSON this endpoint expects" + reason + "."));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = e.getPropertyName() == null ? "a parameter" : "'" + e.getPropertyName() + "'";
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase(Locale.ROOT);
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid input",
                name + " must be a " + expected + ", got '" + e.getValue() + "'."));
    }

    /** {@code 'email' must be a well-formed email address (got 'x')} */
    private static String describe(ObjectError error) {
        return error instanceof FieldError field
                ? "'" + field.getField() + "' " + field.getDefaultMessage()
                        + (field.getRejectedValue() == null ? "" : " (got '" + field.getRejectedValue() + "')")
                : error.getDefaultMessage();
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
